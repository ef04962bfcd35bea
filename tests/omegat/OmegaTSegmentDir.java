// Segments text files with OmegaT's own Segmenter and the SRX rules OmegaT
// loads as its defaults (SRX.getDefault() reads "defaultRules.srx" from the
// class path: put a directory holding org/omegat/core/segmentation/
// defaultRules.srx before OmegaT.jar to load another file). Each line of a
// file is one paragraph, as OmegaT's plain-text filter hands them over; the
// segments go one per line to OUT_DIR/<name>.out.
//   java -cp DIR:OmegaT.jar:... OmegaTSegmentDir LANG OUT_DIR FILE...
// Prints "rules N" (the rules OmegaT selected for LANG) first, and fails
// when OmegaT loaded no rules at all.
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.omegat.core.segmentation.Rule;
import org.omegat.core.segmentation.SRX;
import org.omegat.core.segmentation.Segmenter;
import org.omegat.util.Language;

public class OmegaTSegmentDir {
  public static void main(String[] args) throws Exception {
    SRX srx = SRX.getDefault();
    Language lang = new Language(args[0]);
    int rules = srx.lookupRulesForLanguage(lang).size();
    System.out.println("rules " + rules);
    if (rules == 0) {
      System.out.println("FAILED: no rules for " + args[0]);
      System.exit(1);
    }
    Segmenter segmenter = new Segmenter();
    segmenter.setSRX(srx);
    for (int i = 2; i < args.length; ++i) {
      String name = new File(args[i]).getName().replaceFirst("\\.txt$", "");
      StringBuilder out = new StringBuilder();
      for (String line : Files.readAllLines(Paths.get(args[i]), StandardCharsets.UTF_8)) {
        if (line.trim().isEmpty()) continue;
        List<StringBuilder> spaces = new ArrayList<>();
        List<Rule> used = new ArrayList<>();
        for (String s : segmenter.segment(lang, line, spaces, used)) {
          out.append(s).append('\n');
        }
      }
      Files.write(Paths.get(args[1], name + ".out"), out.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
