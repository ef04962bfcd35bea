// Private to the library and the CLI: an output file that is written whole
// or not at all. The bytes go to a temporary file beside the target, which
// Commit() flushes to disk and renames over the target, so a failed or
// interrupted run leaves the old file in place and no half-written one.
//
// Two kinds of path are written in place instead: "-" (standard output) and
// an existing file that is not a regular file (a device such as /dev/null or
// /dev/full, a FIFO, a socket, or a link to one). Renaming a temporary over
// those would replace the device with a plain file, and when Sverka runs as
// root that breaks /dev/null for the whole machine.
//
//   internal::OutputFile out;
//   RETURN_IF_ERROR(out.Open(path, "the TMX file"));
//   write(out.fd(), ...);            // or open out.write_path() as a stream
//   RETURN_IF_ERROR(out.Commit());   // not called: the old file stays
#ifndef SVERKA_INTERNAL_OUTPUT_FILE_H_
#define SVERKA_INTERNAL_OUTPUT_FILE_H_

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "sverka/status.h"

namespace sverka::internal {

// Whether `path` exists and is neither a regular file nor a folder (links
// followed).
inline bool IsSpecialFile(const std::string& path) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  return !ec && std::filesystem::exists(status) &&
         !std::filesystem::is_regular_file(status) &&
         !std::filesystem::is_directory(status);
}

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile() { Abandon(); }

  // Opens the temporary (or, for "-" and special files, the target itself).
  // `what` names the output in messages ("the TMX file"). Errors: kIoError
  // naming `path` when its folder is missing, it is a folder, or the system
  // refuses the file.
  Status Open(const std::string& path, std::string_view what) {
    Abandon();
    path_ = path;
    what_ = std::string(what);
    if (path == "-") {
      fd_ = STDOUT_FILENO;
      return Status::Ok();
    }
    if (path.empty()) return Status::Usage("no output path given for " + what_);
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(path, ec)) return Refused("it is a folder");
    if (IsSpecialFile(path)) {
      fd_ = open(path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd_ < 0) return Refused(std::strerror(errno));
      return Status::Ok();
    }
    fs::path folder = fs::path(path).parent_path();
    if (folder.empty()) folder = ".";
    if (!fs::is_directory(folder, ec)) {
      return Refused(fs::exists(folder, ec)
                         ? folder.string() + " is a file, not a folder"
                         : "the folder " + folder.string() + " does not exist");
    }
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
      temporary_ = (folder / ("." + fs::path(path).filename().string() +
                              ".tmp." + std::to_string(getpid()) + "." +
                              std::to_string(counter.fetch_add(1))))
                       .string();
      // 0666 less the umask, like any file the user creates.
      fd_ = open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                 0666);
      if (fd_ < 0 && errno != EEXIST) {
        const std::string why = std::strerror(errno);
        temporary_.clear();
        return Refused(why + " (creating a file in " + folder.string() + ")");
      }
    }
    if (fd_ < 0) {
      temporary_.clear();
      return Refused("no free temporary name beside it");
    }
    return Status::Ok();
  }

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  // Where the bytes go until Commit(): the temporary, or the target itself
  // when it is written in place ("" for standard output).
  std::string write_path() const {
    if (!temporary_.empty()) return temporary_;
    return path_ == "-" ? "" : path_;
  }

  // Flushes the file to disk and puts it in place of the target.
  Status Commit() {
    if (fd_ == STDOUT_FILENO) {
      fd_ = -1;
      return Status::Ok();
    }
    if (temporary_.empty()) {  // written in place
      const int fd = std::exchange(fd_, -1);
      if (fd >= 0 && close(fd) != 0) return Refused(std::strerror(errno));
      return Status::Ok();
    }
    if (fsync(fd_) != 0) return Refused(std::string("fsync: ") + Error());
    if (close(std::exchange(fd_, -1)) != 0) {
      return Refused(std::string("close: ") + Error());
    }
    if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
      return Refused(std::string("renaming into place: ") + Error());
    }
    temporary_.clear();  // it is the target now
    // The rename itself made durable.
    std::string folder = std::filesystem::path(path_).parent_path().string();
    if (folder.empty()) folder = ".";
    if (int dir = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir >= 0) {
      fsync(dir);
      close(dir);
    }
    return Status::Ok();
  }

  // Closes and removes the temporary; the target is left as it was.
  void Abandon() {
    if (fd_ >= 0 && fd_ != STDOUT_FILENO) close(fd_);
    fd_ = -1;
    if (!temporary_.empty()) unlink(temporary_.c_str());
    temporary_.clear();
  }

 private:
  static std::string Error() { return std::strerror(errno); }
  Status Refused(const std::string& why) const {
    return Status::IoError("cannot write " + what_ + ": " + why)
        .At(path_)
        .WithHint(
            "check that the folder exists, that you may write there and that "
            "the disk has room");
  }

  std::string path_, what_, temporary_;
  int fd_ = -1;
};

// Writes `bytes` to `path` whole or not at all (see OutputFile).
inline Status WriteFileAtomically(const std::string& path,
                                  std::string_view bytes,
                                  std::string_view what) {
  OutputFile out;
  RETURN_IF_ERROR(out.Open(path, what));
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n =
        write(out.fd(), bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Status::IoError("cannot write " + std::string(what) + ": " +
                             (n < 0 ? std::strerror(errno) : "nothing written"))
          .At(path)
          .WithHint("check the free disk space");
    }
    written += static_cast<size_t>(n);
  }
  return out.Commit();
}

}  // namespace sverka::internal

#endif  // SVERKA_INTERNAL_OUTPUT_FILE_H_
