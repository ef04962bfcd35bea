#include "segmenter_rules.h"

namespace sverka {
namespace {

LanguageRules Bulgarian() {
  LanguageRules r;
  r.always = {"т.нар", "т.е", "напр", "проф", "д-р", "доц", "акад", "инж",
              "арх", "г-н", "г-жа", "г-ца", "ул", "бул", "пл", "кв", "ж.к",
              "ал", "чл", "т", "пар", "вж", "ср", "срв", "т.н",
              "св", "гр", "с", "обл", "общ", "р-н", "ген", "полк", "ст",
              "о.з", "и.д", "зам", "гл", "н.е", "пр.н.е", "хил", "ок",
              "вкл", "англ", "лат", "тел", "факс", "изд", "ред", "съст",
              "прев", "б.а", "б.пр"};
  r.before_number = {"стр", "№", "бр", "год", "кн", "т", "ал", "чл", "млн",
                     "млрд", "лв", "г", "гг", "в", "вв", "ч", "мин"};
  r.before_name = {"м", "мин"};
  r.before_month = {"м", "мес"};
  r.months = {"януари", "февруари", "март", "април", "май", "юни", "юли",
              "август", "септември", "октомври", "ноември", "декември"};
  r.sentence_starters = {"той", "тя", "те", "това", "то", "но", "в", "на",
                         "според", "от", "след", "през", "а", "и"};
  return r;
}

LanguageRules English() {
  LanguageRules r;
  r.always = {"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "messrs",
              "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "rev",
              "hon", "e.g", "i.e", "cf", "vs", "viz", "approx", "dept", "est",
              "fig", "figs", "ave", "blvd"};
  r.before_number = {"no", "nos", "p", "pp", "vol", "ch", "art", "sec", "par",
                     "nr", "tel", "ext", "op", "ed"};
  r.before_name = {"ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                   "sep", "sept", "oct", "nov", "dec"};
  r.sentence_starters = {"the", "it", "he", "she", "we", "they", "i", "in",
                         "but", "this", "that", "a", "an", "on", "at", "there",
                         "his", "her", "their", "our", "its", "if", "when",
                         "as", "and", "for", "so", "then", "however", "after"};
  return r;
}

}  // namespace

const LanguageRules& RulesFor(const std::string& language) {
  static const LanguageRules bulgarian = Bulgarian();
  static const LanguageRules english = English();
  static const LanguageRules generic;
  if (language == "bg") return bulgarian;
  if (language == "en") return english;
  return generic;
}

}  // namespace sverka
