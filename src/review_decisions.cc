// Reading the decisions a review page exports, and applying them to a
// memory.
#include <fstream>
#include <sstream>

#include "review_json.h"
#include "sverka/review.h"
#include "translation_memory_review.h"

namespace sverka {
namespace {

using internal::JsonValue;

constexpr char kFormat[] = "sverka-review-decisions";
constexpr int kVersion = 1;

Status Bad(const std::string& name, const std::string& what) {
  return Status::InvalidInput(what).At(name).WithHint(
      "pass the file the review page exported (Export decisions)");
}

// A string member, "" when absent; an error when present but not a string.
Status GetString(const JsonValue& object, std::string_view key,
                 const std::string& name, const std::string& where,
                 std::string& out) {
  const JsonValue* value = object.Find(key);
  if (value == nullptr || value->type == JsonValue::Type::kNull) {
    return Status::Ok();
  }
  if (value->type != JsonValue::Type::kString) {
    return Bad(name, where + "\"" + std::string(key) + "\" is not a string");
  }
  out = value->string;
  return Status::Ok();
}

internal::UnitKey KeyOf(const ReviewedPair& pair,
                        const ReviewDecisions& decisions) {
  return {.id = pair.id,
          .source_language = decisions.source_language,
          .target_language = decisions.target_language,
          .source_text = pair.source_text,
          .target_text = pair.target_text};
}

}  // namespace

Result<ReviewDecisions> ParseReviewDecisions(std::string_view json,
                                             const std::string& name) {
  ASSIGN_OR_RETURN(JsonValue root, internal::ParseJson(json, name));
  if (root.type != JsonValue::Type::kObject) {
    return Bad(name, "not a review decisions file (not a JSON object)");
  }
  const JsonValue* format = root.Find("format");
  if (format == nullptr || format->type != JsonValue::Type::kString ||
      format->string != kFormat) {
    return Bad(name, std::string("not a review decisions file (no \"format\": "
                                 "\"") +
                         kFormat + "\")");
  }
  const JsonValue* version = root.Find("version");
  if (version == nullptr || version->type != JsonValue::Type::kNumber) {
    return Bad(name, "the decisions file has no version");
  }
  if (version->number > kVersion) {
    return Status::Unsupported("decisions file version " +
                               std::to_string(version->number) +
                               " is newer than this Sverka reads (1)")
        .At(name)
        .WithHint("upgrade Sverka");
  }
  ReviewDecisions out;
  RETURN_IF_ERROR(
      GetString(root, "source_language", name, "", out.source_language));
  RETURN_IF_ERROR(
      GetString(root, "target_language", name, "", out.target_language));
  RETURN_IF_ERROR(GetString(root, "origin", name, "", out.origin));
  RETURN_IF_ERROR(GetString(root, "origin_hash", name, "", out.origin_hash));
  if (out.source_language.empty() || out.target_language.empty()) {
    return Bad(name, "the decisions file does not name both languages");
  }
  const JsonValue* list = root.Find("decisions");
  if (list == nullptr || list->type != JsonValue::Type::kArray) {
    return Bad(name, "the decisions file has no \"decisions\" list");
  }
  for (size_t i = 0; i < list->array.size(); ++i) {
    const JsonValue& item = list->array[i];
    const std::string where = "decision " + std::to_string(i + 1) + ": ";
    if (item.type != JsonValue::Type::kObject) {
      return Bad(name, where + "not an object");
    }
    ReviewDecision decision;
    std::string action;
    RETURN_IF_ERROR(GetString(item, "action", name, where, action));
    if (action == "confirm") {
      decision.action = ReviewAction::kConfirm;
    } else if (action == "reject") {
      decision.action = ReviewAction::kReject;
    } else if (action == "replace") {
      decision.action = ReviewAction::kReplace;
    } else {
      return Bad(name, where + "unknown action \"" + action +
                           "\" (confirm, reject or replace)");
    }
    RETURN_IF_ERROR(
        GetString(item, "source", name, where, decision.source_text));
    RETURN_IF_ERROR(
        GetString(item, "target", name, where, decision.target_text));
    RETURN_IF_ERROR(GetString(item, "bead", name, where, decision.bead_type));
    if (const JsonValue* confirmed = item.Find("confirmed");
        confirmed != nullptr && confirmed->type == JsonValue::Type::kBool) {
      decision.confirmed = confirmed->boolean;
    }
    const JsonValue* originals = item.Find("originals");
    if (originals == nullptr || originals->type != JsonValue::Type::kArray ||
        originals->array.empty()) {
      return Bad(name, where + "no \"originals\"");
    }
    for (const JsonValue& o : originals->array) {
      if (o.type != JsonValue::Type::kObject) {
        return Bad(name, where + "an original is not an object");
      }
      ReviewedPair pair;
      if (const JsonValue* id = o.Find("id");
          id != nullptr && id->type == JsonValue::Type::kNumber) {
        pair.id = static_cast<int64_t>(id->number);
      }
      RETURN_IF_ERROR(GetString(o, "source", name, where, pair.source_text));
      RETURN_IF_ERROR(GetString(o, "target", name, where, pair.target_text));
      decision.originals.push_back(std::move(pair));
    }
    if (decision.action == ReviewAction::kConfirm &&
        decision.originals.size() != 1) {
      return Bad(name, where + "a confirmed row comes from one pair");
    }
    out.decisions.push_back(std::move(decision));
  }
  return out;
}

Result<ReviewDecisions> ReadReviewDecisions(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("cannot open the decisions file")
        .At(path)
        .WithHint("pass the JSON file the review page exported");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return Status::IoError("cannot read the decisions file").At(path);
  }
  return ParseReviewDecisions(buffer.str(), path);
}

Result<ApplyReviewReport> ApplyReview(const ReviewDecisions& decisions,
                                      const std::string& path,
                                      const MemoryOptions& options) {
  if (decisions.source_language.empty() || decisions.target_language.empty()) {
    return Status::InvalidInput("the decisions do not name both languages");
  }
  internal::MemoryEdit edit;
  // Which decision's original each key is, for the report.
  std::vector<const ReviewedPair*> property_pairs, removal_pairs;
  for (const ReviewDecision& decision : decisions.decisions) {
    if (decision.action == ReviewAction::kConfirm) {
      edit.set_properties.push_back(
          {KeyOf(decision.originals.front(), decisions),
           {{"x-reviewed", "confirmed"}}});
      property_pairs.push_back(&decision.originals.front());
      continue;
    }
    for (const ReviewedPair& original : decision.originals) {
      edit.remove.push_back(KeyOf(original, decisions));
      removal_pairs.push_back(&original);
    }
    if (decision.action == ReviewAction::kReplace) {
      TranslationUnit unit;
      unit.source_language = decisions.source_language;
      unit.target_language = decisions.target_language;
      unit.source_text = decision.source_text;
      unit.target_text = decision.target_text;
      unit.confidence = 1.0;
      unit.bead_type = decision.bead_type;
      unit.origin = "reviewed";
      unit.properties["x-reviewed"] = "corrected";
      edit.add.push_back(std::move(unit));
    }
  }
  ASSIGN_OR_RETURN(internal::MemoryEditCounts counts,
                   internal::EditSqliteMemory(path, edit, options));
  ApplyReviewReport report;
  report.confirmed = counts.properties_set;
  report.removed = counts.removed;
  report.added = counts.added;
  auto note = [&report](const ReviewedPair* pair) {
    ++report.not_found;
    if (report.not_found_examples.size() < 5) {
      report.not_found_examples.push_back(
          pair->source_text.empty() ? pair->target_text : pair->source_text);
    }
  };
  for (size_t i : counts.missing_properties) note(property_pairs[i]);
  for (size_t i : counts.missing_removals) note(removal_pairs[i]);
  return report;
}

}  // namespace sverka
