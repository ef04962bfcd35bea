#include "cli/cli_common.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace sverka::cli {

namespace po = boost::program_options;

int ReportError(const Status& status) {
  std::cerr << "sverka: " << status.ToString() << "\n";
  return status.code() == StatusCode::kUsage ? kExitUsage : kExitBadInput;
}

void Warn(const std::string& message) {
  std::cerr << "sverka: warning: " << message << "\n";
}

int ParseOptions(const std::string& usage,
                 const po::options_description& options,
                 const po::positional_options_description& positional,
                 const std::vector<std::string>& args, po::variables_map& vm,
                 bool* done) {
  *done = true;
  try {
    po::store(po::command_line_parser(args)
                  .options(options)
                  .positional(positional)
                  .run(),
              vm);
    if (vm.count("help")) {
      std::cout << usage << "\n" << options << "\n";
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "sverka: " << e.what() << "\n" << usage << "\n(see --help)\n";
    return kExitUsage;
  }
  *done = false;
  return kExitOk;
}

Status Output::Open(const std::string& path) {
  path_ = path;
  if (path.empty() || path == "-") return Status::Ok();
  std::filesystem::path target(path);
  std::filesystem::path folder = target.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    if (std::filesystem::exists(folder, ec)) {
      return Status::IoError("cannot write: " + folder.string() +
                             " is a file, not a folder")
          .At(path)
          .WithHint("choose an output path inside a folder");
    }
    return Status::IoError("cannot write: the folder " + folder.string() +
                           " does not exist")
        .At(path)
        .WithHint("create the folder or choose another output path");
  }
  if (std::filesystem::is_directory(target, ec)) {
    return Status::IoError("cannot write: it is a directory")
        .At(path)
        .WithHint("give a file name");
  }
  temporary_ = (folder / ("." + target.filename().string() + ".tmp." +
                          std::to_string(::getpid())))
                   .string();
  file_ = std::make_unique<std::ofstream>(temporary_, std::ios::binary);
  if (!*file_) {
    file_.reset();
    temporary_.clear();
    return Status::IoError("cannot write to this folder")
        .At(path)
        .WithHint("check its permissions or choose another output path");
  }
  return Status::Ok();
}

std::ostream& Output::stream() {
  if (file_) return *file_;
  return std::cout;
}

Status Output::Commit() {
  if (!file_) {
    std::cout.flush();
    if (!std::cout) return Status::IoError("cannot write to standard output");
    return Status::Ok();
  }
  file_->flush();
  const bool written = static_cast<bool>(*file_);
  file_->close();
  file_.reset();
  if (!written) {
    std::remove(temporary_.c_str());
    return Status::IoError("writing failed (is the disk full?)").At(path_);
  }
  std::error_code ec;
  std::filesystem::rename(temporary_, path_, ec);
  if (ec) {
    std::remove(temporary_.c_str());
    return Status::IoError("cannot move the output into place: " + ec.message())
        .At(path_);
  }
  temporary_.clear();
  return Status::Ok();
}

Output::~Output() {
  if (file_) file_->close();
  if (!temporary_.empty()) std::remove(temporary_.c_str());
}

std::string JsonString(const std::string& utf8) {
  std::string out = "\"";
  for (unsigned char c : utf8) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace sverka::cli
