#include "cli/cli_common.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "internal/json.h"

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
  RETURN_IF_ERROR(file_.Open(path, "the output"));
  stream_ = std::make_unique<std::ofstream>(file_.write_path(),
                                            std::ios::binary | std::ios::trunc);
  if (!*stream_) {
    stream_.reset();
    file_.Abandon();
    return Status::IoError("cannot write the output")
        .At(path)
        .WithHint("check its permissions or choose another output path");
  }
  return Status::Ok();
}

std::ostream& Output::stream() {
  if (stream_) return *stream_;
  return std::cout;
}

Status Output::Commit() {
  if (!stream_) {
    std::cout.flush();
    if (!std::cout) return Status::IoError("cannot write to standard output");
    return Status::Ok();
  }
  stream_->flush();
  const bool written = static_cast<bool>(*stream_);
  stream_->close();
  stream_.reset();
  if (!written) {
    file_.Abandon();
    return Status::IoError("writing failed (is the disk full?)").At(path_);
  }
  return file_.Commit();
}

std::string JsonString(const std::string& utf8) {
  std::string out;
  internal::AppendJsonString(out, utf8);
  return out;
}

}  // namespace sverka::cli
