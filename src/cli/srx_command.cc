// sverka srx export: the built-in segmentation rules as an SRX 2.0 file.
#include <iostream>

#include "cli/cli_common.h"
#include "sverka/segmenter.h"

namespace sverka::cli {

namespace po = boost::program_options;

int RunSrx(const std::vector<std::string>& args) {
  std::string action, output;
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")(
      "output,o", po::value(&output)->default_value("-"),
      "where to write the SRX file (- for standard output)")(
      "action", po::value(&action)->required(), "export");
  po::positional_options_description positional;
  positional.add("action", 1);
  po::variables_map vm;
  bool done = false;
  const int parse = ParseOptions(
      "Usage: sverka srx export [-o FILE]\n"
      "Writes Sverka's built-in Bulgarian and English segmentation rules as "
      "SRX 2.0,\nwhich OmegaT and Okapi Ratel open; edit them and pass the "
      "file to\n'sverka segment --srx FILE'.",
      options, positional, args, vm, &done);
  if (done) return parse;
  if (action != "export") {
    std::cerr << "sverka srx: unknown action '" << action
              << "' (the only one is 'export')\n";
    return kExitUsage;
  }
  Result<std::string> srx = BuiltinRulesAsSrx();
  if (!srx.ok()) return ReportError(srx.status());
  Output out;
  if (Status s = out.Open(output); !s.ok()) return ReportError(s);
  out.stream() << *srx;
  if (Status s = out.Commit(); !s.ok()) return ReportError(s);
  return kExitOk;
}

}  // namespace sverka::cli
