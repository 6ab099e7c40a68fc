#include "sim/analysis/report.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "sim/analysis/correlate.h"
#include "sim/analysis/run_db.h"
#include "sim/analysis/sweep_spec.h"
#include "sim/error.h"
#include "sim/stats/recorder.h"
#include "sim/stats/sqlite_handle.h"
#include "sim/util/json.h"

extern const unsigned char kChartJs[];
extern const std::size_t kChartJs_size;

namespace warpsim::analysis {

namespace {

using json::number;
using json::quote;

// The stall categories of DESIGN.md §7, in the order the stacked bars show them.
const char* const kCycleCategories[] = {"issued",     "stall_mem",  "stall_dep",  "stall_barrier",
                                        "stall_pipe", "stall_fetch", "stall_bank", "idle"};

std::string run_label(const RunRecord& r) {
  std::string workload = r.workload;
  const size_t slash = workload.find_last_of('/');
  const std::string file = slash == std::string::npos ? workload : workload.substr(slash + 1);
  if ((file == "manifest.yaml" || file == "kernelslist.g") && slash != std::string::npos) {
    workload = workload.substr(0, slash);
  }
  const size_t dir = workload.find_last_of('/');
  return "#" + std::to_string(r.run_id) + " " + (dir == std::string::npos ? workload : workload.substr(dir + 1)) + " " +
         (r.name.empty() ? r.config_name : r.name);
}

// JSON inside a <script> element: "</" would end the element early.
std::string script_safe(std::string s) {
  for (size_t at = s.find("</"); at != std::string::npos; at = s.find("</", at + 3)) s.replace(at, 2, "<\\/");
  return s;
}

std::string number_list(const std::vector<double>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + number(v[i]);
  return out + "]";
}

// A sweep point's parameters from its run name "<sweep>:<k>=<v>,<k>=<v>" (sweep.cpp's naming).
bool parse_point(const std::string& name, std::string& sweep, std::vector<std::pair<std::string, std::string>>& kv) {
  const size_t colon = name.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  sweep = name.substr(0, colon);
  kv.clear();
  std::string rest = name.substr(colon + 1);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string item = rest.substr(0, comma);
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) return false;
    kv.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
  }
  return !kv.empty();
}

std::string page(const std::string& data) {
  std::string html = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>warpsim report</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}
td.n{text-align:right}.chart{height:360px;margin:12px 0}.note{color:#666}
</style>
<script>
// Errors anywhere on the page are counted where a test (or a reader) can see them.
window.addEventListener('error', function () {
  document.documentElement.dataset.jsErrors = String(1 + Number(document.documentElement.dataset.jsErrors || 0));
});
</script>
<script>)";
  html.append(reinterpret_cast<const char*>(kChartJs), kChartJs_size);
  html += R"(</script>
</head><body>
<h1>warpsim report</h1>
<p id="source" class="note"></p>
<div id="content"></div>
<script type="application/json" id="data">)" + script_safe(data) + R"(</script>
<script>
(function () {
  const data = JSON.parse(document.getElementById('data').textContent);
  const content = document.getElementById('content');
  const palette = ['#4e79a7','#f28e2b','#e15759','#76b7b2','#59a14f','#edc948','#b07aa1','#ff9da7','#9c755f','#bab0ac'];
  let charts = 0;
  document.getElementById('source').textContent = data.db + ': ' + data.runs.length + ' runs, generated ' + data.generated;
  function section(title, note) {
    const h = document.createElement('h2'); h.textContent = title; content.appendChild(h);
    if (note) { const p = document.createElement('p'); p.className = 'note'; p.textContent = note; content.appendChild(p); }
  }
  function chart(config) {
    const div = document.createElement('div'); div.className = 'chart';
    const canvas = document.createElement('canvas'); div.appendChild(canvas); content.appendChild(div);
    config.options = Object.assign({animation: false, maintainAspectRatio: false, responsive: true}, config.options || {});
    new Chart(canvas, config);
    charts += 1;
  }
  function bars(labels, datasets, yTitle, stacked) {
    chart({type: 'bar', data: {labels: labels, datasets: datasets.map(function (d, i) {
             return Object.assign({backgroundColor: palette[i % palette.length]}, d); })},
           options: {scales: {x: {stacked: !!stacked}, y: {stacked: !!stacked, title: {display: true, text: yTitle}}}}});
  }

  section('Runs');
  const table = document.createElement('table');
  table.innerHTML = '<tr><th>run</th><th>name</th><th>workload</th><th>config</th><th>status</th><th>cycles</th><th>warp insts</th><th>wall s</th></tr>';
  data.runs.forEach(function (r) {
    const tr = document.createElement('tr');
    [r.id, r.name, r.workload, r.config + ' ' + r.hash, r.status, r.cycles, r.warp_insts, r.wall].forEach(function (v, i) {
      const td = document.createElement('td'); td.textContent = v; if (i >= 5) td.className = 'n'; tr.appendChild(td); });
    table.appendChild(tr);
  });
  content.appendChild(table);

  const labels = data.runs.map(function (r) { return r.label; });
  section('Cycles per kernel', 'Each kernel launch (sequence number and name) in each run.');
  bars(labels, data.kernels.map(function (k) { return {label: k.label, data: k.cycles}; }), 'core cycles');
  section('IPC per kernel', 'Warp instructions per core cycle, whole GPU.');
  bars(labels, data.kernels.map(function (k) { return {label: k.label, data: k.ipc}; }), 'warp instructions / cycle');
  section('Where the cycles go', 'Mean over schedulers: every scheduler cycle is exactly one category.');
  bars(labels, data.stalls.map(function (s) { return {label: s.category, data: s.cycles}; }), 'scheduler cycles', true);
  section('Cache hit rates');
  bars(labels, [{label: 'L1D', data: data.hit_rates.l1d}, {label: 'L2', data: data.hit_rates.l2}], 'hit rate');

  section('DRAM bandwidth over time', data.dram_bw.length ? 'From the samples table.' :
          'No samples: record them with warpsim run --sample-interval N.');
  if (data.dram_bw.length) {
    chart({type: 'line', data: {datasets: data.dram_bw.map(function (s, i) {
             return {label: s.label, data: s.points, borderColor: palette[i % palette.length], pointRadius: 0}; })},
           options: {parsing: false, scales: {x: {type: 'linear', title: {display: true, text: 'core cycle'}},
                                              y: {title: {display: true, text: 'GB/s'}}}}});
  }

  data.sweeps.forEach(function (sw) {
    section('Sweep ' + sw.name, sw.points.length + ' points; total cycles over ' + sw.workloads + ' workloads. ' +
            'The Pareto front joins the points that no other point beats on both axes (fewer cycles, smaller parameter).');
    sw.parameters.forEach(function (p) {
      const pts = sw.points.filter(function (q) { return q.values[p.name] !== undefined; })
                           .map(function (q) { return {x: Number(q.values[p.name]), y: q.cycles, point: q.label}; });
      const front = pts.slice().sort(function (a, b) { return a.x - b.x || a.y - b.y; })
                       .filter(function (q, i, all) { return all.slice(0, i).every(function (o) { return o.y > q.y; }); });
      chart({type: 'scatter', data: {datasets: [
               {label: 'points', data: pts, backgroundColor: palette[0]},
               {label: 'Pareto front', data: front, type: 'line', borderColor: palette[2], backgroundColor: palette[2], showLine: true}]},
             options: {plugins: {tooltip: {callbacks: {label: function (c) { return (c.raw.point || '') + ': ' + c.raw.y; }}}},
                       scales: {x: {type: 'linear', title: {display: true, text: p.name}},
                                y: {title: {display: true, text: 'total cycles'}}}}});
    });
  });

  if (data.correlation.length) {
    section('Simulation against hardware', data.hw + ': one point per matched launch; on the diagonal the simulation equals the measurement.');
    data.correlation.forEach(function (m) {
      const all = m.points.map(function (p) { return p.x; }).concat(m.points.map(function (p) { return p.y; }));
      const lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
      chart({type: 'scatter', data: {datasets: [
               {label: m.metric, data: m.points, backgroundColor: palette[0]},
               {label: 'simulated = measured', data: [{x: lo, y: lo}, {x: hi, y: hi}], type: 'line',
                borderColor: palette[9], borderDash: [4, 4], pointRadius: 0}]},
             options: {plugins: {tooltip: {callbacks: {label: function (c) { return (c.raw.kernel || '') + ': hw ' + c.raw.x + ', sim ' + c.raw.y; }}}},
                       scales: {x: {type: 'linear', title: {display: true, text: 'measured'}},
                                y: {title: {display: true, text: 'simulated'}}}}});
    });
  }

  // For tests and readers: how many charts were made, and how many canvases have pixels on them.
  let drawn = 0;
  document.querySelectorAll('canvas').forEach(function (c) {
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < px.length; i += 4) { if (px[i] !== 0) { drawn += 1; break; } }
  });
  document.documentElement.dataset.charts = String(charts);
  document.documentElement.dataset.chartsDrawn = String(drawn);
})();
</script>
</body></html>
)";
  return html;
}

}  // namespace

size_t write_report(const ReportOptions& o) {
  const RunDb db(o.db);
  std::vector<RunRecord> runs;
  if (o.runs.empty()) {
    runs = db.runs(true);
  } else {
    for (const std::string& arg : o.runs) {
      const std::vector<int64_t> ids = db.resolve(arg);
      if (ids.empty()) throw InputError("--runs", 0, "no run '" + arg + "' in " + db.path());
      for (int64_t id : ids) runs.push_back(db.run(id));
    }
  }
  if (runs.empty()) throw InputError(db.path(), 0, "no finished runs to report");

  // Per run: kernel cycles and IPC, the run-level stall categories and hit rates, DRAM samples.
  std::map<std::string, std::vector<double>> kernel_cycles, kernel_ipc;  // "seq name" -> per run
  std::vector<std::string> kernel_order;
  std::map<std::string, std::vector<double>> stalls;
  std::vector<double> l1d, l2;
  std::string dram_series, runs_json;
  size_t series = 0;
  struct Point {
    std::string label, workload;
    std::vector<std::pair<std::string, std::string>> values;
    double cycles;
  };
  std::map<std::string, std::vector<Point>> sweeps;
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunRecord& r = runs[i];
    runs_json += std::string(i ? "," : "") + "{\"id\":" + std::to_string(r.run_id) + ",\"label\":" + quote(run_label(r)) +
                 ",\"name\":" + quote(r.name) + ",\"workload\":" + quote(r.workload) + ",\"config\":" + quote(r.config_name) +
                 ",\"hash\":" + quote(r.config_hash) + ",\"status\":" + quote(r.status) +
                 ",\"cycles\":" + std::to_string(r.cycles) + ",\"warp_insts\":" + std::to_string(r.warp_insts) +
                 ",\"wall\":" + number(r.wall_seconds) + "}";
    for (const KernelRecord& k : db.kernels(r.run_id)) {
      const std::string key = std::to_string(k.kernel_seq) + " " + k.name;
      if (kernel_cycles.count(key) == 0) {
        kernel_order.push_back(key);
        kernel_cycles[key].assign(runs.size(), 0);
        kernel_ipc[key].assign(runs.size(), 0);
      }
      kernel_cycles[key][i] = double(k.cycles);
      kernel_ipc[key][i] = k.cycles ? double(k.warp_insts) / double(k.cycles) : 0;
    }
    std::map<std::string, double> at_gpu, at_l1d, at_l2;
    for (const CounterRecord& c : db.counters(r.run_id)) {
      if (c.kernel_seq != 0) continue;
      if (c.location == "gpu") at_gpu[c.name] = c.value;
      if (c.location == "l1d") at_l1d[c.name] = c.value;
      if (c.location == "l2") at_l2[c.name] = c.value;
    }
    for (const char* cat : kCycleCategories) {
      auto& v = stalls[cat];
      v.resize(runs.size());
      v[i] = at_gpu[cat];
    }
    l1d.push_back(at_l1d["hit_rate"]);
    l2.push_back(at_l2["hit_rate"]);

    // DRAM bandwidth between consecutive samples of the cumulative byte count.
    double core_hz = 0;
    try {
      core_hz = YAML::Load(db.config_json(r.run_id))["clocks"]["core_mhz"].as<double>() * 1e6;
    } catch (const YAML::Exception&) {
    }
    // Samples are cumulative from the run's start: the first interval starts at (0, 0).
    std::vector<std::pair<int64_t, double>> bytes = db.samples_total(r.run_id, "dram", "bytes");
    if (!bytes.empty() && bytes.front().first > 0) bytes.insert(bytes.begin(), {0, 0.0});
    if (bytes.size() >= 2 && core_hz > 0) {
      std::string pts;
      for (size_t s = 1; s < bytes.size(); ++s) {
        const double dc = double(bytes[s].first - bytes[s - 1].first);
        if (dc <= 0) continue;
        const double gbps = (bytes[s].second - bytes[s - 1].second) / dc * core_hz / 1e9;
        pts += std::string(pts.empty() ? "" : ",") + "{\"x\":" + std::to_string(bytes[s].first) + ",\"y\":" + number(gbps) + "}";
      }
      dram_series += std::string(series++ ? "," : "") + "{\"label\":" + quote(run_label(r)) + ",\"points\":[" + pts + "]}";
    }

    std::string sweep;
    std::vector<std::pair<std::string, std::string>> kv;
    if (parse_point(r.name, sweep, kv)) sweeps[sweep].push_back({r.name.substr(sweep.size() + 1), r.workload, kv, double(r.cycles)});
  }

  std::string sweeps_json;
  size_t sweep_count = 0, sweep_charts = 0;
  for (const auto& [name, pts] : sweeps) {
    // One value per point: cycles summed over the point's workloads.
    std::map<std::string, std::pair<std::vector<std::pair<std::string, std::string>>, double>> by_point;
    std::set<std::string> workloads;
    for (const Point& p : pts) {
      auto& e = by_point[p.label];
      e.first = p.values;
      e.second += p.cycles;
      workloads.insert(p.workload);
    }
    // Parameters with numeric values that vary: those make parameter-vs-cycles charts.
    std::vector<std::string> params;
    for (const auto& kv : pts.front().values) {
      std::set<std::string> seen;
      bool numeric = true;
      for (const auto& bp : by_point) {
        for (const auto& v : bp.second.first) {
          if (v.first != kv.first) continue;
          seen.insert(v.second);
          try {
            size_t used = 0;
            (void)std::stod(v.second, &used);
            numeric &= used == v.second.size();
          } catch (const std::exception&) {
            numeric = false;
          }
        }
      }
      if (numeric && seen.size() > 1) params.push_back(kv.first);
    }
    if (params.empty()) continue;
    std::string points;
    size_t n = 0;
    for (const auto& [label, e] : by_point) {
      std::string values;
      for (size_t j = 0; j < e.first.size(); ++j) values += std::string(j ? "," : "") + quote(e.first[j].first) + ":" + quote(e.first[j].second);
      points += std::string(n++ ? "," : "") + "{\"label\":" + quote(label) + ",\"values\":{" + values + "},\"cycles\":" + number(e.second) + "}";
    }
    std::string plist;
    for (size_t j = 0; j < params.size(); ++j) plist += std::string(j ? "," : "") + "{\"name\":" + quote(params[j]) + "}";
    sweeps_json += std::string(sweep_count++ ? "," : "") + "{\"name\":" + quote(name) + ",\"workloads\":" +
                   std::to_string(workloads.size()) + ",\"parameters\":[" + plist + "],\"points\":[" + points + "]}";
    sweep_charts += params.size();
  }

  std::string kernels_json;
  for (size_t j = 0; j < kernel_order.size(); ++j) {
    const std::string& k = kernel_order[j];
    kernels_json += std::string(j ? "," : "") + "{\"label\":" + quote(k) + ",\"cycles\":" + number_list(kernel_cycles[k]) +
                    ",\"ipc\":" + number_list(kernel_ipc[k]) + "}";
  }
  std::string stalls_json;
  size_t si = 0;
  for (const char* cat : kCycleCategories) {
    stalls_json += std::string(si++ ? "," : "") + "{\"category\":" + quote(cat) + ",\"cycles\":" + number_list(stalls[cat]) + "}";
  }
  // Hardware correlation: per metric, (measured, simulated) for every matched launch.
  std::string corr_json;
  size_t corr_charts = 0;
  if (!o.hw_csv.empty()) {
    CorrelateOptions co;
    co.db = o.db;
    co.hw_csv = o.hw_csv;
    co.map = o.map;
    co.hw_clock_mhz = o.hw_clock_mhz;
    for (const RunRecord& r : runs) co.runs.push_back(std::to_string(r.run_id));
    const Correlation c = correlate(co);
    for (const auto& [metric, launches] : c.metrics) {
      std::string pts;
      for (const CorrelatedLaunch& l : launches) {
        pts += std::string(pts.empty() ? "" : ",") + "{\"x\":" + number(l.hw) + ",\"y\":" + number(l.sim) +
               ",\"kernel\":" + quote(l.kernel + " #" + std::to_string(l.launch)) + "}";
      }
      corr_json += std::string(corr_charts++ ? "," : "") + "{\"metric\":" + quote(metric) + ",\"points\":[" + pts + "]}";
    }
  }
  const std::string data = "{\"db\":" + quote(db.path()) + ",\"generated\":" + quote(stats::now_iso8601()) +
                           ",\"runs\":[" + runs_json + "],\"kernels\":[" + kernels_json + "],\"stalls\":[" + stalls_json +
                           "],\"hit_rates\":{\"l1d\":" + number_list(l1d) + ",\"l2\":" + number_list(l2) +
                           "},\"dram_bw\":[" + dram_series + "],\"sweeps\":[" + sweeps_json + "],\"hw\":" +
                           quote(o.hw_csv) + ",\"correlation\":[" + corr_json + "]}";
  std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
  out << page(data);
  if (!out.flush()) throw InputError(o.output, 0, "cannot write the report");
  return 4 + (series > 0 ? 1 : 0) + sweep_charts + corr_charts;
}

}  // namespace warpsim::analysis
