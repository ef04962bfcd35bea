// sverka: the command line. Each subcommand lives in its own file and calls
// the library; this file only dispatches.
#include <sqlite3.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli_common.h"

namespace sverka::cli {
int RunSrx(const std::vector<std::string>& args);  // srx_command.cc
}  // namespace sverka::cli

namespace {

constexpr char kUsage[] =
    "Sverka " SVERKA_VERSION
    ": align Bulgarian documents with their English versions into a "
    "translation memory.\n"
    "\n"
    "Usage: sverka COMMAND [OPTIONS] ...\n"
    "\n"
    "Commands:\n"
    "  segment FILE            split a document into sentences, one a line\n"
    "  align SRC TGT           align a document with its translation\n"
    "  align --bilingual FILE  align a document that holds both languages\n"
    "  srx export              the built-in segmentation rules as SRX 2.0\n"
    "  tm import|export|stats|lookup|concord\n"
    "                          work with a translation memory\n"
    "  pretranslate DOC        fill a new document from the memory (XLIFF "
    "1.2)\n"
    "  review --tm DB -o PAGE  a page to check stored pairs in a browser\n"
    "  batch MANIFEST.tsv      align many document pairs into one memory\n"
    "\n"
    "Run 'sverka COMMAND --help' for a command's options.\n"
    "Exit status: 0 done, 1 bad input, 2 usage.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace sverka::cli;
  // SQLite counts every allocation under a process-wide mutex unless told
  // not to. Nothing in Sverka reads those counts, and where two threads
  // use SQLite at once they queue on that mutex: the batch's writer beside
  // its aligners (the locking took ~13% of the writer's CPU), the word
  // index of `tm import` built beside the import. Only possible before
  // SQLite is initialised, as it is here (nothing has opened a database).
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "sverka " SVERKA_VERSION "\n";
    return kExitOk;
  }
  if (command == "segment") return RunSegment(args);
  if (command == "align") return RunAlign(args);
  if (command == "tm") return RunTm(args);
  if (command == "pretranslate") return RunPretranslate(args);
  if (command == "srx") return RunSrx(args);
  if (command == "review") return RunReview(args);
  if (command == "batch") return RunBatch(args);
  std::cerr << "sverka: unknown command '" << command << "'\n\n" << kUsage;
  return kExitUsage;
}
