// Shared by the tests (private): temporary folders, running the sverka
// binary, reading files.
#ifndef SVERKA_TESTS_TEST_UTIL_H_
#define SVERKA_TESTS_TEST_UTIL_H_

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sverka::testing {

// A fresh folder under the system's temporary directory, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sverka-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string ShellQuote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs `program` with `args`, capturing standard output and error.
inline RunResult Run(const std::string& program,
                     const std::vector<std::string>& args,
                     const std::string& stdin_path = "/dev/null") {
  TempDir dir;
  std::string command = ShellQuote(program);
  for (const std::string& arg : args) command += " " + ShellQuote(arg);
  command += " <" + ShellQuote(stdin_path) + " >" + ShellQuote(dir.Path("out")) +
             " 2>" + ShellQuote(dir.Path("err"));
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(dir.Path("out"));
  result.err = ReadFile(dir.Path("err"));
  return result;
}

// The same under a name that a TEST body can call unqualified (there a
// plain `Run` finds testing::Test::Run).
inline RunResult RunProgram(const std::string& program,
                            const std::vector<std::string>& args,
                            const std::string& stdin_path = "/dev/null") {
  return Run(program, args, stdin_path);
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace sverka::testing

#endif  // SVERKA_TESTS_TEST_UTIL_H_
