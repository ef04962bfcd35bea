// Private to the command line: what every subcommand shares (exit codes,
// error printing, output files). Not part of the library's API.
#ifndef SVERKA_CLI_CLI_COMMON_H_
#define SVERKA_CLI_CLI_COMMON_H_

#include <boost/program_options.hpp>
#include <fstream>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "internal/output_file.h"
#include "sverka/status.h"

namespace sverka::cli {

// Exit status of every subcommand.
enum ExitCode : int { kExitOk = 0, kExitBadInput = 1, kExitUsage = 2 };

// Prints "sverka: <status>" to stderr; returns kExitUsage for usage errors
// and kExitBadInput for everything else.
int ReportError(const Status& status);
void Warn(const std::string& message);

// Parses `args` (the words after the subcommand) into `vm`. Returns
// kExitOk, or prints the problem / the help text and returns the exit code
// the caller should return at once (`*done` set).
int ParseOptions(
    const std::string& usage,
    const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional,
    const std::vector<std::string>& args,
    boost::program_options::variables_map& vm, bool* done);

// Standard output, or a file written under a temporary name and renamed into
// place by Commit(), so a failed run never leaves half a file where the old
// one was.
class Output {
 public:
  // "-" or "" for standard output.
  Status Open(const std::string& path);
  std::ostream& stream();
  Status Commit();

 private:
  std::string path_;
  internal::OutputFile file_;  // whole or nothing (see output_file.h)
  std::unique_ptr<std::ofstream> stream_;
};

// JSON string literal (quotes included) for UTF-8 text.
std::string JsonString(const std::string& utf8);

// Subcommands: each takes the words after its name.
int RunSegment(const std::vector<std::string>& args);
int RunAlign(const std::vector<std::string>& args);
int RunTm(const std::vector<std::string>& args);
// memory_commands.cc
int RunTmImport(const std::vector<std::string>& args);
int RunTmLookup(const std::vector<std::string>& args);
int RunTmConcord(const std::vector<std::string>& args);
int RunPretranslate(const std::vector<std::string>& args);
int RunReview(const std::vector<std::string>& args);
int RunApplyReview(const std::vector<std::string>& args);
int RunBatch(const std::vector<std::string>& args);

}  // namespace sverka::cli

#endif  // SVERKA_CLI_CLI_COMMON_H_
