// Batch: where the pairs come from (manifest, folders) and how a batch is
// split into shards.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>

#include "sverka/batch.h"
#include "sverka/text_input.h"

namespace sverka {
namespace {

namespace fs = std::filesystem;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(Trim(line.substr(start, tab - start)));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A manifest field as a path to open: relative to the manifest's folder.
std::string Resolve(const fs::path& base, std::string_view field) {
  fs::path path{std::string(field)};
  if (path.is_absolute() || base.empty()) {
    return path.lexically_normal().string();
  }
  return (base / path).lexically_normal().string();
}

// Languages a file name may carry for `language`: "en-GB" and "en".
std::vector<std::string> LanguageInfixes(const std::string& language) {
  std::vector<std::string> infixes = {Lower(language)};
  const std::string primary = Lower(language.substr(0, language.find('-')));
  if (primary != infixes[0]) infixes.push_back(primary);
  return infixes;
}

// "news/a.bg.txt" -> "news/a.txt" when the file name ends in
// ".<language>.<extension>" (or ".<language>"); nullopt otherwise.
std::optional<std::string> WithoutLanguage(
    const fs::path& relative, const std::vector<std::string>& infixes) {
  const std::string name = relative.filename().string();
  const std::string lower = Lower(name);
  for (const std::string& infix : infixes) {
    const std::string marker = "." + infix;
    // ".<language>" just before the last extension, or at the very end.
    const size_t last_dot = lower.rfind('.');
    for (size_t end : {last_dot, lower.size()}) {
      if (end == std::string::npos || end < marker.size() + 1) continue;
      const size_t begin = end - marker.size();
      if (lower.compare(begin, marker.size(), marker) != 0) continue;
      const std::string key_name = name.substr(0, begin) + name.substr(end);
      return (relative.parent_path() / key_name).string();
    }
  }
  return std::nullopt;
}

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

Status CheckFolder(const std::string& folder) {
  std::error_code ec;
  const fs::file_status status = fs::status(folder, ec);
  if (!fs::exists(status)) {
    return Status::NotFound("no such folder").At(folder);
  }
  if (!fs::is_directory(status)) {
    return Status::InvalidInput("not a folder").At(folder);
  }
  return Status::Ok();
}

// The regular, non-hidden files below `root`, relative to it, sorted.
Result<std::vector<fs::path>> ListFiles(const std::string& root) {
  RETURN_IF_ERROR(CheckFolder(root));
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (IsHidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) {
      files.push_back(it->path().lexically_relative(root));
    }
  }
  if (ec) {
    return Status::IoError("cannot list the folder: " + ec.message())
        .At(root)
        .WithHint("check its permissions");
  }
  std::sort(files.begin(), files.end());
  return files;
}

// First 64 bits of SHA-256, for shards that every machine computes alike.
uint64_t StableHash(const std::string& id) {
  const std::string hex = Sha256Hex(id);
  uint64_t value = 0;
  std::from_chars(hex.data(), hex.data() + 16, value, 16);
  return value;
}

}  // namespace

Result<std::vector<BatchPair>> ParseManifest(std::string_view text,
                                             const std::string& manifest_path) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const fs::path base = fs::path(manifest_path).parent_path();
  std::vector<BatchPair> pairs;
  std::map<std::string, int64_t> line_of_id;
  int64_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const std::string_view content = Trim(line);
    const size_t first = content.find_first_not_of(" \t");
    if (first == std::string_view::npos || content[first] == '#') continue;

    auto error = [&](const std::string& message) {
      return Status::InvalidInput(message)
          .At(manifest_path)
          .AtLine(line_number)
          .WithHint(
              "write one pair a line: SOURCE<TAB>TARGET, optionally <TAB>ID");
    };
    const std::vector<std::string_view> fields = SplitTabs(content);
    if (fields.size() < 2) {
      return error("expected a source and a target path separated by a tab");
    }
    if (fields.size() > 3) {
      return error("expected at most three tab-separated fields, found " +
                   std::to_string(fields.size()));
    }
    if (fields[0].empty()) return error("the source path is empty");
    if (fields[1].empty()) return error("the target path is empty");

    BatchPair pair;
    pair.id = std::string(fields.size() == 3 && !fields[2].empty() ? fields[2]
                                                                   : fields[0]);
    pair.source_path = Resolve(base, fields[0]);
    pair.target_path = Resolve(base, fields[1]);
    pair.manifest_line = line_number;
    const auto [seen, inserted] = line_of_id.emplace(pair.id, line_number);
    if (!inserted) {
      return Status::InvalidInput("the pair id '" + pair.id +
                                  "' is used on line " +
                                  std::to_string(seen->second) + " too")
          .At(manifest_path)
          .AtLine(line_number)
          .WithHint(
              "give each pair its own id in the third column (a line without "
              "one is named by its source path)");
    }
    pairs.push_back(std::move(pair));
  }
  if (pairs.empty()) {
    return Status::InvalidInput("the manifest lists no document pairs")
        .At(manifest_path)
        .WithHint(
            "write one pair a line: SOURCE<TAB>TARGET, optionally <TAB>ID");
  }
  return pairs;
}

Result<std::vector<BatchPair>> ReadManifest(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    return Status::NotFound("no such manifest").At(path);
  }
  if (fs::is_directory(status)) {
    return Status::InvalidInput("is a folder, not a manifest")
        .At(path)
        .WithHint("give the manifest file, or use --src-dir and --tgt-dir");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (in) bytes << in.rdbuf();
  if (!in || in.bad()) {
    return Status::IoError("cannot read the manifest")
        .At(path)
        .WithHint("check its permissions");
  }
  return ParseManifest(bytes.str(), path);
}

Result<FolderMatch> MatchFolders(const std::string& source_dir,
                                 const std::string& target_dir,
                                 const std::string& source_language,
                                 const std::string& target_language) {
  if (source_language.empty() || target_language.empty()) {
    return Status::Usage("a language is empty");
  }
  ASSIGN_OR_RETURN(std::vector<fs::path> source_files, ListFiles(source_dir));
  ASSIGN_OR_RETURN(std::vector<fs::path> target_files, ListFiles(target_dir));
  std::error_code ec;
  const bool same_folder = fs::equivalent(source_dir, target_dir, ec);
  const std::vector<std::string> source_infixes =
      LanguageInfixes(source_language);
  const std::vector<std::string> target_infixes =
      LanguageInfixes(target_language);
  if (same_folder && source_infixes[0] == target_infixes[0]) {
    return Status::Usage("one folder and one language: nothing tells " +
                         source_language + " files from " + target_language +
                         " files")
        .At(source_dir);
  }

  FolderMatch match;
  // key -> paths (more than one: ambiguous).
  std::map<std::string, std::vector<std::string>> sources, targets;
  auto sort_in = [&](const std::string& root,
                     const std::vector<fs::path>& files,
                     const std::vector<std::string>& own,
                     const std::vector<std::string>& other,
                     std::map<std::string, std::vector<std::string>>& keys) {
    for (const fs::path& relative : files) {
      const std::string path = (fs::path(root) / relative).string();
      std::optional<std::string> key = WithoutLanguage(relative, own);
      if (same_folder && !key) {
        // The other side's file, or one with no language in its name.
        if (!WithoutLanguage(relative, other)) {
          match.unmatched.push_back(
              {path, "no language code in its name (name.LANG.txt)"});
        }
        continue;
      }
      keys[key ? *key : relative.string()].push_back(path);
    }
  };
  sort_in(source_dir, source_files, source_infixes, target_infixes, sources);
  sort_in(target_dir, target_files, target_infixes, source_infixes, targets);

  auto list_ambiguous = [&](const std::vector<std::string>& paths) {
    for (const std::string& path : paths) {
      std::string others;
      for (const std::string& other : paths) {
        if (other != path) others += (others.empty() ? "" : ", ") + other;
      }
      match.unmatched.push_back(
          {path, "ambiguous: " + others + " has the same name"});
    }
  };
  for (const auto& [key, paths] : sources) {
    const auto target = targets.find(key);
    if (paths.size() > 1) {
      list_ambiguous(paths);
    } else if (target == targets.end()) {
      match.unmatched.push_back(
          {paths[0],
           "no " + target_language + " file with this name in " + target_dir});
    } else if (target->second.size() == 1) {
      match.pairs.push_back({.id = key,
                             .source_path = paths[0],
                             .target_path = target->second[0],
                             .manifest_line = 0});
    }
  }
  for (const auto& [key, paths] : targets) {
    const auto source = sources.find(key);
    if (paths.size() > 1) {
      list_ambiguous(paths);
    } else if (source == sources.end()) {
      match.unmatched.push_back(
          {paths[0],
           "no " + source_language + " file with this name in " + source_dir});
    } else if (source->second.size() > 1) {
      match.unmatched.push_back(
          {paths[0], "its " + source_language + " counterpart is ambiguous"});
    }
  }
  std::sort(match.unmatched.begin(), match.unmatched.end(),
            [](const UnmatchedFile& a, const UnmatchedFile& b) {
              return a.path < b.path;
            });
  // In one folder, a file without a language is seen from both sides.
  match.unmatched.erase(
      std::unique(match.unmatched.begin(), match.unmatched.end(),
                  [](const UnmatchedFile& a, const UnmatchedFile& b) {
                    return a.path == b.path;
                  }),
      match.unmatched.end());
  return match;
}

Result<ShardSpec> ParseShardSpec(std::string_view text) {
  auto usage = [&](const std::string& why) {
    return Status::Usage("bad shard '" + std::string(text) + "': " + why)
        .WithHint("write K/N with 1 <= K <= N, e.g. --shard 2/3");
  };
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return usage("expected K/N");
  auto number = [](std::string_view digits, int* value) {
    if (digits.empty() || digits.size() > 7) return false;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), *value);
    return error == std::errc() && end == digits.data() + digits.size();
  };
  ShardSpec spec;
  if (!number(text.substr(0, slash), &spec.index) ||
      !number(text.substr(slash + 1), &spec.count)) {
    return usage("K and N must be whole numbers");
  }
  if (spec.count < 1 || spec.count > 1'000'000) {
    return usage("N must be between 1 and 1000000");
  }
  if (spec.index < 1 || spec.index > spec.count) {
    return usage("K must be between 1 and N");
  }
  return spec;
}

std::vector<BatchPair> SelectShard(const std::vector<BatchPair>& pairs,
                                   const ShardSpec& shard) {
  std::vector<BatchPair> selected;
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    return selected;
  }
  const uint64_t count = static_cast<uint64_t>(shard.count);
  const uint64_t wanted = static_cast<uint64_t>(shard.index - 1);
  for (size_t i = 0; i < pairs.size(); ++i) {
    const uint64_t key =
        shard.by == ShardSpec::By::kIndex ? i : StableHash(pairs[i].id);
    if (key % count == wanted) selected.push_back(pairs[i]);
  }
  return selected;
}

}  // namespace sverka
