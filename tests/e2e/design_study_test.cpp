// The design study's example presets and sweeps (models/presets/examples/, README "Designing the
// next chip") stay runnable: each first-generation design loads, has the organisation its comments
// claim, and runs a decoder layer with its functional check; every point of every study sweep is a
// valid configuration that runs (on a small workload here: the study's layers take minutes).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace {

using namespace warpsim_e2e;

std::string examples_dir() { return source_dir() + "/models/presets/examples"; }

class DesignStudy : public Cli {};

TEST_F(DesignStudy, FirstGenerationDesignsRunALayerWithItsCheck) {
  struct Design {
    const char* file;
    int sms, slices, channels;
    const char* standard;
  };
  int run = 0;
  for (const Design d : {Design{"gen1-train.yaml", 108, 80, 80, "HBM2e_PC"}, Design{"gen1-infer.yaml", 56, 48, 48, "HBM2_A100_PC"}}) {
    const std::string preset = examples_dir() + "/" + d.file;
    for (const char* layer : {"llm/layer_decode", "llm/layer_prefill"}) {
      const Result r = warpsim("run " + workload(layer) + " -c " + preset);
      ASSERT_EQ(r.code, 0) << d.file << " " << layer << ": " << r.err;
      EXPECT_NE(r.out.find("check          passed"), std::string::npos) << r.out;
      const std::string id = std::to_string(++run);
      EXPECT_EQ(one("select count(distinct location) from counters where run_id=" + id +
                    " and location like 'sm[%].l1d'"),
                std::to_string(d.sms))
          << d.file;
      EXPECT_EQ(one("select count(distinct location) from counters where run_id=" + id + " and location like 'l2[%]'"),
                std::to_string(d.slices))
          << d.file;
      EXPECT_EQ(one("select count(distinct location) from counters where run_id=" + id + " and location like 'dram[%]'"),
                std::to_string(d.channels))
          << d.file;
      EXPECT_EQ(one("select json_extract(config_json, '$.dram.standard') from runs where run_id=" + id), d.standard)
          << d.file;
    }
  }
}

// A copy of a study sweep whose base config is found from the scratch folder and whose workloads
// are replaced by `workloads` (a YAML flow list).
std::string retarget(const std::string& sweep_text, const std::string& workloads) {
  std::istringstream in(sweep_text);
  std::ostringstream out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("config:", 0) == 0) {
      out << "config: " << examples_dir() << "/" << line.substr(line.find_first_not_of(' ', 7)) << "\n";
    } else if (line.rfind("workloads:", 0) == 0) {
      break;  // the last key: the study's layer manifests, possibly over several lines
    } else {
      out << line << "\n";
    }
  }
  out << "workloads: " << workloads << "\n";
  return out.str();
}

TEST_F(DesignStudy, EveryStudyPointIsAValidConfigThatRuns) {
  int points = 0;
  for (const char* name : {"study-train", "study-infer", "study-train-dram", "study-infer-dram"}) {
    const std::string text = slurp(examples_dir() + "/" + name + ".yaml");
    ASSERT_NE(text.find("workloads:"), std::string::npos) << name;
    const std::string sweep = write(std::string(name) + ".yaml", retarget(text, "[" + workload("saxpy") + "]"));
    const int before = count_while_written(db(), "select count(*) from runs");
    const Result r = warpsim("sweep " + sweep + " --db " + db() + " -j 2");
    ASSERT_EQ(r.code, 0) << name << ": " << r.err << r.out;
    const int runs = count_while_written(db(), "select count(*) from runs") - before;
    EXPECT_GE(runs, 1) << name;
    points += runs;
    EXPECT_EQ(one("select count(*) from runs where status != 'ok'"), "0") << name;
  }
  // 7 + 7 points of single changes, 1 + 3 DRAM standards.
  EXPECT_EQ(points, 18);
  // The DRAM points have the channels their standard's bus needs: HBM3's 32-bit pseudo-channels.
  EXPECT_EQ(one("select count(distinct location) from counters where run_id = (select run_id from runs where name "
                "like 'train-dram:%') and location like 'dram[%]'"),
            "160");
}

// The sweep file names a base that does not exist: bad input, one line naming the file.
TEST_F(DesignStudy, AStudySweepWithAMissingBaseIsBadInput) {
  std::string text = slurp(examples_dir() + "/study-train.yaml");
  text.replace(text.find("config: gen1-train.yaml"), 23, "config: gen1-missing.yaml");
  const std::string sweep = write("study-train.yaml", text);
  expect_bad_input(warpsim("sweep " + sweep + " --db " + db()), "study-train.yaml");
}

}  // namespace
