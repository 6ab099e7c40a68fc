// Specification of the configuration system (sim/config, DESIGN.md §4 and §7), against the
// miniature presets in tests/sim/fixtures/config so that it does not move with models/presets.
#include "sim/config/config.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/config/suggest.h"
#include "sim/error.h"

namespace warpsim {
namespace {

// Absolute, so the test does not depend on its working directory: the harness sets
// $WARPSIM_SOURCE_DIR to the repository root; the compile definition is the fallback.
std::string fixtures() {
  const char* env = std::getenv("WARPSIM_SOURCE_DIR");
  std::string root = env != nullptr && *env != '\0' ? env : WARPSIM_SOURCE_DIR;
  return root + "/tests/sim/fixtures/config";
}
std::string presets() { return fixtures() + "/presets"; }
std::string file(const std::string& name) { return fixtures() + "/files/" + name; }

Config load(const std::vector<std::string>& configs, const std::vector<std::string>& sets = {}) {
  return Config::load(configs, sets, presets());
}

// The InputError `fn` throws; fails the test when it throws nothing or something else.
InputError input_error(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InputError, got: " << e.what();
    return InputError("", 0, "");
  }
  ADD_FAILURE() << "expected InputError, nothing was thrown";
  return InputError("", 0, "");
}

constexpr int64_t kMaxInt = INT64_MAX;

// ---- resolution order ----

TEST(ConfigLoad, InheritChainAppliesOldestAncestorFirst) {
  const Config c = load({"tiny"});                                   // tiny -> v100 -> base
  EXPECT_EQ(c.get_int("core.num_sms", 1, kMaxInt), 2);               // tiny
  EXPECT_EQ(c.get_int("core.latency.fp32", 1, kMaxInt), 6);          // tiny
  EXPECT_DOUBLE_EQ(c.get_double("core.clock_ghz", 0, 10), 1.53);     // v100
  EXPECT_EQ(c.get_choice("core.scheduler", {"gto", "lrr"}), "gto");  // v100
  EXPECT_EQ(c.get_int("core.latency.sfu", 1, kMaxInt), 21);          // base
  EXPECT_EQ(c.get_string("description"), "two SMs");
  EXPECT_EQ(c.name(), "tiny");
}

TEST(ConfigLoad, RecordsWhereEachValueWasSet) {
  const Config c = load({"tiny"});
  EXPECT_EQ(c.origin("core.num_sms").file, presets() + "/tiny.yaml");
  EXPECT_EQ(c.origin("core.num_sms").line, 4);
  EXPECT_EQ(c.origin("core.clock_ghz").file, presets() + "/v100.yaml");
  EXPECT_EQ(c.origin("core.clock_ghz").line, 5);
  EXPECT_EQ(c.origin("core.latency.sfu").file, presets() + "/base.yaml");
  EXPECT_EQ(c.origin("core.latency.sfu").line, 10);
}

TEST(ConfigLoad, NoConfigMeansV100) {
  const Config c = load({});
  EXPECT_EQ(c.name(), "v100");
  EXPECT_EQ(c.get_int("core.num_sms", 1, kMaxInt), 80);
}

TEST(ConfigLoad, LaterConfigWins) {
  EXPECT_EQ(load({"v100", "tiny"}).get_int("core.num_sms", 1, kMaxInt), 2);
  const Config c = load({"tiny", "v100"});
  EXPECT_EQ(c.get_int("core.num_sms", 1, kMaxInt), 80);
  EXPECT_EQ(c.name(), "tiny+v100");
  // A file overrides only the keys it (or its ancestors other than base) writes: v100 never
  // mentions core.latency.fp32, so tiny's value survives.
  EXPECT_EQ(c.get_int("core.latency.fp32", 1, kMaxInt), 6);
}

TEST(ConfigLoad, FileInheritingBaseOverlaysEarlierConfigs) {
  const Config c = load({"tiny", file("mychanges.yaml")});
  EXPECT_EQ(c.name(), "tiny+mychanges");
  EXPECT_EQ(c.get_int("core.num_sms", 1, kMaxInt), 2);  // tiny's, not reset to base's
  EXPECT_EQ(c.get_string("core.scheduler"), "two_level");
  EXPECT_TRUE(c.get_bool("core.dual_issue"));
  EXPECT_EQ(c.origin("core.dual_issue").line, 4);
}

TEST(ConfigLoad, FileWithoutInheritAppliesOnTopOfEarlierConfigs) {
  const Config c = load({"v100", file("no_inherit.yaml")});
  EXPECT_EQ(c.get_int("mem.l2_size_kb", 1, kMaxInt), 1024);
  EXPECT_EQ(c.get_int("core.num_sms", 1, kMaxInt), 80);
}

TEST(ConfigLoad, SetWinsAndIsParsedAsYamlScalar) {
  const Config c =
      load({"tiny"}, {"core.num_sms=8", "core.num_sms=16", "core.clock_ghz=2",
                      "mem.dram_model=\"a: b\"", "description=two words", "core.dual_issue=true"});
  EXPECT_EQ(c.get_int("core.num_sms", 1, kMaxInt), 16);
  EXPECT_DOUBLE_EQ(c.get_double("core.clock_ghz", 0, 10), 2.0);  // an int is a valid float
  EXPECT_EQ(c.get_string("mem.dram_model"), "a: b");
  EXPECT_EQ(c.get_string("description"), "two words");
  EXPECT_TRUE(c.get_bool("core.dual_issue"));
  EXPECT_EQ(c.origin("core.num_sms").file, "--set");
  EXPECT_EQ(c.origin("core.num_sms").line, 0);
  EXPECT_EQ(c.name(), "tiny");  // --set is recorded by the JSON, not the name
}

TEST(ConfigLoad, IntegerSpellings) {
  EXPECT_EQ(load({"v100"}, {"core.num_sms=0x10"}).get_int("core.num_sms", 1, kMaxInt), 16);
  EXPECT_EQ(load({"v100"}, {"core.num_sms=+7"}).get_int("core.num_sms", 1, kMaxInt), 7);
  EXPECT_EQ(load({"v100"}, {"core.num_sms=-9223372036854775808"})
                .get_int("core.num_sms", INT64_MIN, kMaxInt),
            INT64_MIN);
  const InputError e = input_error([] { load({"v100"}, {"core.num_sms=9223372036854775808"}); });
  EXPECT_EQ(e.problem(),
            "core.num_sms must be an int, got '9223372036854775808', which is too large");
}

// ---- unknown keys ----

TEST(ConfigErrors, UnknownKeyInFileSuggestsClosestKey) {
  const InputError e = input_error([] { load({file("typo.yaml")}); });
  EXPECT_EQ(e.path(), file("typo.yaml"));
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.problem(), "unknown key 'core.num_sm' (did you mean 'core.num_sms'?)");
  EXPECT_EQ(std::string(e.what()),
            file("typo.yaml") + ":3: unknown key 'core.num_sm' (did you mean 'core.num_sms'?)");
}

TEST(ConfigErrors, UnknownKeyWithNothingCloseHasNoSuggestion) {
  const InputError e = input_error([] { load({file("far_typo.yaml")}); });
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.problem(), "unknown key 'frobnicate'");
}

TEST(ConfigErrors, UnknownKeyInSetSuggestsClosestKey) {
  InputError e = input_error([] { load({"v100"}, {"core.shceduler=gto"}); });
  EXPECT_EQ(std::string(e.what()),
            "--set: unknown key 'core.shceduler' (did you mean 'core.scheduler'?)");
  // A key written without its section is found by its last component.
  e = input_error([] { load({"v100"}, {"num_sms=4"}); });
  EXPECT_EQ(e.problem(), "unknown key 'num_sms' (did you mean 'core.num_sms'?)");
  e = input_error([] { load({"v100"}, {"cor.num_sms=4"}); });
  EXPECT_EQ(e.problem(), "unknown key 'cor.num_sms' (did you mean 'core.num_sms'?)");
}

TEST(ConfigErrors, BadSetSyntax) {
  InputError e = input_error([] { load({"v100"}, {"core.num_sms"}); });
  EXPECT_EQ(e.path(), "--set");
  EXPECT_EQ(e.problem(), "expected section.key=value, got 'core.num_sms'");
  e = input_error([] { load({"v100"}, {"=4"}); });
  EXPECT_EQ(e.problem(), "empty key in '=4'");
  e = input_error([] { load({"v100"}, {"core=4"}); });
  EXPECT_EQ(e.problem(), "'core' is a section; set one of its keys");
  e = input_error([] { load({"v100"}, {"core.num_sms=[1, 2]"}); });
  EXPECT_EQ(e.problem(), "core.num_sms: '[1, 2]' is not a single value (quote it?)");
  e = input_error([] { load({"v100"}, {"core.num_sms=\"4"}); });
  EXPECT_EQ(e.path(), "--set");
  EXPECT_NE(e.problem().find("cannot parse '\"4'"), std::string::npos) << e.problem();
}

// ---- types and shapes ----

TEST(ConfigErrors, TypeMismatchNamesKeyTypeAndValue) {
  InputError e = input_error([] { load({file("float_for_int.yaml")}); });
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.problem(), "core.num_sms must be an int, got float '4.5'");
  e = input_error([] { load({"v100"}, {"core.num_sms=\"4\""}); });
  EXPECT_EQ(std::string(e.what()), "--set: core.num_sms must be an int, got string '4'");
  e = input_error([] { load({"v100"}, {"core.dual_issue=1"}); });
  EXPECT_EQ(e.problem(), "core.dual_issue must be a bool, got int '1'");
  // YAML 1.1 booleans are not booleans here: the core schema only knows true/false.
  e = input_error([] { load({"v100"}, {"core.dual_issue=yes"}); });
  EXPECT_EQ(e.problem(), "core.dual_issue must be a bool, got string 'yes'");
  e = input_error([] { load({"v100"}, {"core.clock_ghz=fast"}); });
  EXPECT_EQ(e.problem(), "core.clock_ghz must be a float, got string 'fast'");
  e = input_error([] { load({"v100"}, {"core.clock_ghz=.inf"}); });
  EXPECT_EQ(e.problem(), "core.clock_ghz must be a float, got string '.inf'");
  e = input_error([] { load({"v100"}, {"core.num_sms="}); });
  EXPECT_EQ(e.problem(), "core.num_sms must be an int, got nothing (null)");
}

TEST(ConfigErrors, AnyScalarIsAcceptedForAStringKey) {
  EXPECT_EQ(load({"v100"}, {"mem.dram_model=42"}).get_string("mem.dram_model"), "42");
}

TEST(ConfigErrors, SectionGivenAValue) {
  const InputError e = input_error([] { load({file("section_scalar.yaml")}); });
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.problem(), "'core' is a section; give it a mapping of keys, not a value");
}

TEST(ConfigErrors, ValueGivenAMapping) {
  const InputError e = input_error([] { load({file("leaf_map.yaml")}); });
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.problem(), "'core.num_sms' is a value, not a section");
}

TEST(ConfigErrors, DuplicateKey) {
  const InputError e = input_error([] { load({file("duplicate.yaml")}); });
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.problem(), "duplicate key 'num_sms' (first at line 3)");
}

// ---- files ----

TEST(ConfigErrors, MalformedYamlReportsOneBasedLine) {
  const InputError e = input_error([] { load({file("malformed.yaml")}); });
  EXPECT_EQ(e.path(), file("malformed.yaml"));
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.problem().rfind("invalid YAML: ", 0), 0u) << e.problem();
}

TEST(ConfigErrors, MissingFile) {
  const InputError e = input_error([] { load({"/nonexistent/dir/x.yaml"}); });
  EXPECT_EQ(std::string(e.what()), "/nonexistent/dir/x.yaml: cannot open config file");
  const InputError d = input_error([] { load({fixtures() + "/files/"}); });
  EXPECT_EQ(d.problem(), "cannot open config file (it is a directory)");
}

TEST(ConfigErrors, UnknownPresetListsAvailableOnes) {
  const InputError e = input_error([] { load({"v1000"}); });
  EXPECT_EQ(std::string(e.what()),
            "-c: unknown preset 'v1000' (available in " + presets() + ": tiny, v100)");
  const InputError inherited = input_error([] { load({file("bad_parent.yaml")}); });
  EXPECT_EQ(inherited.path(), file("bad_parent.yaml"));
  EXPECT_EQ(inherited.line(), 1);
  EXPECT_EQ(inherited.problem(),
            "unknown preset 'v1000' (available in " + presets() + ": tiny, v100)");
}

TEST(ConfigErrors, InheritCycle) {
  const InputError e = input_error([] { load({file("cycle_a.yaml")}); });
  EXPECT_EQ(e.path(), fixtures() + "/files/cycle_b.yaml");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.problem().rfind("inherit cycle: ", 0), 0u) << e.problem();
  EXPECT_NE(e.problem().find("cycle_a.yaml -> "), std::string::npos) << e.problem();
}

TEST(ConfigErrors, MissingSchema) {
  const InputError e = input_error([] { Config::load({}, {}, fixtures() + "/files"); });
  EXPECT_EQ(std::string(e.what()), fixtures() + "/files/base.yaml: cannot open config file");
}

// ---- typed getters ----

TEST(ConfigGet, OutOfRangeNamesTheFileAndLineThatSetTheValue) {
  const Config c = load({"tiny"});
  InputError e = input_error([&] { c.get_int("core.num_sms", 4, 4096); });
  EXPECT_EQ(std::string(e.what()),
            presets() + "/tiny.yaml:4: core.num_sms = 2 is out of range [4, 4096]");
  const Config r = load({file("range.yaml")});
  e = input_error([&] { r.get_double("core.clock_ghz", 0.5, 3.5); });
  EXPECT_EQ(std::string(e.what()),
            file("range.yaml") + ":3: core.clock_ghz = 9 is out of range [0.5, 3.5]");
  const Config s = load({"tiny"}, {"core.num_sms=0"});
  e = input_error([&] { s.get_int("core.num_sms", 1, 4096); });
  EXPECT_EQ(std::string(e.what()), "--set: core.num_sms = 0 is out of range [1, 4096]");
}

TEST(ConfigGet, ChoiceListsTheValidOnes) {
  const Config c = load({"v100"}, {"core.scheduler=gtoo"});
  EXPECT_EQ(load({"v100"}).get_choice("core.scheduler", {"gto", "lrr", "two_level"}), "gto");
  const InputError e = input_error([&] {
    c.get_choice("core.scheduler", {"gto", "lrr", "two_level"});
  });
  EXPECT_EQ(
      std::string(e.what()),
      "--set: core.scheduler = 'gtoo' is not one of: gto, lrr, two_level (did you mean 'gto'?)");
}

TEST(ConfigGet, ProgrammingErrorsAreLogicErrors) {
  const Config c = load({"v100"});
  EXPECT_THROW(c.get_int("core.num_sm", 0, 1), std::logic_error);     // not in the schema
  EXPECT_THROW(c.get_int("core", 0, 1), std::logic_error);            // a section
  EXPECT_THROW(c.get_bool("core.num_sms"), std::logic_error);         // wrong type
  EXPECT_THROW(c.get_int("core.clock_ghz", 0, 9), std::logic_error);  // a float is not an int
  EXPECT_THROW(c.get_int("core.num_sms", 9, 1), std::logic_error);    // empty range
  EXPECT_DOUBLE_EQ(c.get_double("core.num_sms", 0, 100), 80.0);       // an int widens
}

TEST(ConfigGet, HasAndKeys) {
  const Config c = load({"v100"});
  EXPECT_TRUE(c.has("core.latency.fp32"));
  EXPECT_FALSE(c.has("core.latency"));
  EXPECT_FALSE(c.has("core.bogus"));
  const std::vector<std::string> expected = {
      "core.clock_ghz", "core.dual_issue", "core.latency.fp32", "core.latency.sfu", "core.num_sms",
      "core.scheduler", "description",     "mem.dram_model",    "mem.l2_size_kb"};
  EXPECT_EQ(c.keys(), expected);
}

TEST(ConfigGet, FailThrowsAtTheKeysOrigin) {
  const Config c = load({"tiny"});
  const InputError e = input_error([&] { c.fail("core.num_sms", "too few SMs for 3 L2 slices"); });
  EXPECT_EQ(std::string(e.what()), presets() + "/tiny.yaml:4: too few SMs for 3 L2 slices");
}

// ---- tables ----

TEST(ConfigTables, StartEmptyAndTakeEntriesFromFilesAndSet) {
  EXPECT_TRUE(load({"tiny"}).get_int_table("timing.op_latency", 1, 100).empty());
  const Config c = load({file("table.yaml")}, {"timing.op_latency.MUFU.RCP=23", "timing.op_latency.FFMA=5"});
  const std::vector<std::pair<std::string, int64_t>> expected = {
      {"FFMA", 5}, {"MUFU.EX2", 16}, {"MUFU.RCP", 23}, {"MUFU.SIN", 8}};  // sorted; --set wins
  EXPECT_EQ(c.get_int_table("timing.op_latency", 1, 100), expected);
  EXPECT_EQ(c.origin("timing.op_latency.MUFU.SIN").line, 4);
  EXPECT_EQ(c.origin("timing.op_latency.MUFU.EX2").line, 6);  // the dotted spelling
  EXPECT_EQ(c.origin("timing.op_latency.FFMA").file, "--set");
  EXPECT_TRUE(c.has("timing.op_latency.MUFU.SIN"));
}

TEST(ConfigTables, EntriesKeepTheirDotsInTheJson) {
  const Config c = load({file("table.yaml")});
  EXPECT_NE(c.to_json().find("\"op_latency\":{\"FFMA\":4,\"MUFU.EX2\":16,\"MUFU.SIN\":8}"),
            std::string::npos)
      << c.to_json();
  EXPECT_NE(load({"tiny"}).to_json().find("\"op_latency\":{}"), std::string::npos);
  EXPECT_NE(c.hash(), load({"v100"}).hash());
}

TEST(ConfigTables, BadEntriesAreInputErrors) {
  const InputError range = input_error([] { load({file("table.yaml")}).get_int_table("timing.op_latency", 10, 100); });
  EXPECT_EQ(range.line(), 5);  // FFMA = 4: the first entry out of range in key order
  const InputError nested = input_error([] { load({file("table_bad.yaml")}); });
  EXPECT_EQ(nested.line(), 4);
  EXPECT_NE(std::string(nested.what()).find("single value"), std::string::npos);
  const InputError scalar = input_error([] { load({file("table_scalar.yaml")}); });
  EXPECT_NE(std::string(scalar.what()).find("is a table"), std::string::npos);
  const InputError type = input_error([] { load({"tiny"}, {"timing.op_latency.MUFU.SIN=fast"}); });
  EXPECT_EQ(type.path(), "--set");
  const InputError whole = input_error([] { load({"tiny"}, {"timing.op_latency=3"}); });
  EXPECT_NE(std::string(whole.what()).find("is a section"), std::string::npos);
  EXPECT_THROW(load({"tiny"}).get_int_table("core.latency", 1, 10), std::logic_error);
}

// ---- canonical JSON and hash ----

TEST(ConfigJson, CanonicalForm) {
  const Config c = Config::load({"base"}, {}, fixtures() + "/json");
  // Keys sorted per object ("a" < "a-c" < "a_int"), floats always look like floats, ints do not.
  EXPECT_EQ(c.to_json(),
            "{\"a\":{\"b\":1},\"a-c\":\"x\",\"a_int\":-3,\"b_float\":2.0,"
            "\"description\":\"quote \\\" backslash \\\\ tab \\t bell \\u0007 \xc3\xa9\","
            "\"empty\":{},\"z\":{\"big\":1e+20,\"flag\":true,\"tiny\":0.1}}");
}

TEST(ConfigJson, SameValuesGiveSameJsonWhateverTheirSource) {
  const Config a = load({"tiny"});
  const Config b = load({"v100"}, {"core.num_sms=2", "core.latency.fp32=6", "description=two SMs"});
  EXPECT_EQ(a.to_json(), b.to_json());
  EXPECT_EQ(a.hash(), b.hash());
  // A float key written as an int is the same float.
  EXPECT_EQ(load({"v100"}, {"core.clock_ghz=2"}).to_json(),
            load({"v100"}, {"core.clock_ghz=2.0"}).to_json());
}

TEST(ConfigJson, RoundTripsFloats) {
  const Config c = load({"v100"}, {"core.clock_ghz=0.30000000000000004"});
  const std::string json = c.to_json();
  EXPECT_NE(json.find("\"clock_ghz\":0.30000000000000004,"), std::string::npos) << json;
}

TEST(ConfigJson, HashIsFnv1a64OfTheJson) {
  const Config c = load({"tiny"});
  uint64_t h = 14695981039346656037ULL;
  for (const char ch : c.to_json()) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  EXPECT_EQ(c.hash(), hex);
  EXPECT_EQ(c.hash().size(), 16u);
}

TEST(ConfigJson, HashIsStableAndFollowsValues) {
  const std::string h = load({"tiny"}).hash();
  EXPECT_EQ(load({"tiny"}).hash(), h);
  EXPECT_NE(load({"tiny"}, {"core.latency.sfu=22"}).hash(), h);
  EXPECT_NE(load({"tiny"}, {"core.dual_issue=true"}).hash(), h);
  // Pinned: a change here changes every stored runs.config_hash, so it must be deliberate.
  EXPECT_EQ(Config::load({"base"}, {}, fixtures() + "/json").hash(), "72eae254c0e7108d");
}

// ---- presets ----

TEST(ConfigPresets, ListsPresetsExceptTheSchema) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"tiny", "two SMs"}, {"v100", "V100-like test preset"}};
  EXPECT_EQ(Config::list_presets(presets()), expected);
  const InputError e = input_error([] { Config::list_presets("/nonexistent/presets"); });
  EXPECT_EQ(e.path(), "/nonexistent/presets");
}

TEST(ConfigPresets, DefaultDirectoryHonoursEnvironment) {
  const char* old = std::getenv("WARPSIM_PRESETS");
  const std::string saved = old != nullptr ? old : "";
  setenv("WARPSIM_PRESETS", "/some/where", 1);
  EXPECT_EQ(default_presets_dir(), "/some/where");
  unsetenv("WARPSIM_PRESETS");
  EXPECT_EQ(default_presets_dir(), std::string(WARPSIM_SOURCE_DIR) + "/models/presets");
  if (old != nullptr) setenv("WARPSIM_PRESETS", saved.c_str(), 1);
}

// ---- suggestions ----

TEST(ConfigSuggest, EditDistanceCountsTranspositionsAsOne) {
  EXPECT_EQ(config::edit_distance("", ""), 0u);
  EXPECT_EQ(config::edit_distance("abc", ""), 3u);
  EXPECT_EQ(config::edit_distance("num_sms", "num_sm"), 1u);
  EXPECT_EQ(config::edit_distance("shceduler", "scheduler"), 1u);
  EXPECT_EQ(config::edit_distance("kitten", "sitting"), 3u);
}

TEST(ConfigSuggest, ClosestPrefersWholeKeyThenName) {
  const std::vector<std::string> keys = {"core.num_sms", "mem.num_sms", "core.scheduler"};
  EXPECT_EQ(config::closest("core.num_sm", keys), "core.num_sms");
  // Both match by last component; the whole-key distance breaks the tie ("mem." is nearer).
  EXPECT_EQ(config::closest("num_sms", keys), "mem.num_sms");
  EXPECT_EQ(config::closest("num_sms", {"b.num_sms", "a.num_sms"}), "a.num_sms");  // then name
  EXPECT_EQ(config::closest("mem.num_sm", keys), "mem.num_sms");
  EXPECT_EQ(config::closest("xyz", keys), "");
}

}  // namespace
}  // namespace warpsim
