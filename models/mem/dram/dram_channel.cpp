#include "models/mem/dram/dram_channel.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "sim/config/config.h"
#include "sim/engine/clock_domain.h"
#include "sim/error.h"

namespace warpsim {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool is_column(DramCommand c) { return c == DramCommand::RD || c == DramCommand::WR; }
size_t idx(DramCommand c) { return static_cast<size_t>(c); }

// What each page policy and refresh mode means, as data (no if-chains on names).
const std::map<std::string, bool>& auto_precharge_of() {
  static const std::map<std::string, bool> m = {{"open", false}, {"closed", true}};
  return m;
}
struct RefreshMode {
  bool enabled;
  bool per_bank;  // one bank per command, every tREFI / banks; else all banks every tREFI
};
const std::map<std::string, RefreshMode>& refresh_mode_of() {
  static const std::map<std::string, RefreshMode> m = {
      {"per_bank", {true, true}}, {"all_bank", {true, false}}, {"none", {false, false}}};
  return m;
}
template <typename Map>
std::vector<std::string> keys_of(const Map& m) {
  std::vector<std::string> out;
  for (const auto& kv : m) out.push_back(kv.first);
  return out;
}

}  // namespace

const std::vector<std::string>& DramChannelParams::page_policies() {
  static const std::vector<std::string> v = keys_of(auto_precharge_of());
  return v;
}
const std::vector<std::string>& DramChannelParams::refresh_modes() {
  static const std::vector<std::string> v = keys_of(refresh_mode_of());
  return v;
}

DramChannelParams DramChannelParams::from_config(const Config& cfg, const std::string& presets_dir) {
  DramChannelParams p;
  const std::string name = cfg.get_string("dram.standard");
  const std::vector<std::string> known = DramStandard::known(presets_dir);
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    cfg.fail("dram.standard",
             "dram.standard: unknown DRAM standard '" + name + "' (known: " + join(known) + ")");
  }
  p.standard = DramStandard::load(name, presets_dir);
  for (const auto& f : DramStandard::timing_fields()) {
    const std::string key = std::string("dram.timing.") + f.name;
    const int64_t v = cfg.get_int(key, -1, 100'000'000);
    if (v == 0) cfg.fail(key, key + " = 0: a timing must be >= 1 (or -1 to keep the standard's)");
    if (v > 0) p.standard.*(f.field) = static_cast<uint32_t>(v);
  }
  const DramStandard::Problem problem = p.standard.check();
  if (!problem.key.empty()) {
    const std::string key = "dram.timing." + problem.key;
    // An inconsistency the overrides introduced is reported at the override; the table itself
    // was checked when loaded.
    cfg.fail(cfg.has(key) ? key : "dram.standard", problem.message);
  }
  // A standard's timings are clock counts at its own command clock: unless the preset pins another
  // clock (a speed bin), changing the standard changes the clock with it.
  const int64_t mhz = cfg.get_int("clocks.dram_mhz", 0, 100000);
  p.clock_mhz = mhz != 0 ? uint32_t(mhz) : p.standard.clock_mhz;
  p.scheduler = cfg.get_choice("dram.scheduler", DramSchedulerRegistry::instance().names());
  p.page_policy = cfg.get_choice("dram.page_policy", page_policies());
  p.refresh = cfg.get_choice("dram.refresh", refresh_modes());
  p.queue_entries = static_cast<uint32_t>(cfg.get_int("dram.queue_entries", 1, 4096));
  p.write_queue_entries = static_cast<uint32_t>(cfg.get_int("dram.write_queue_entries", 1, 4096));
  p.write_drain_high = static_cast<uint32_t>(cfg.get_int("dram.write_drain_high", 1, p.write_queue_entries));
  p.write_drain_low = static_cast<uint32_t>(cfg.get_int("dram.write_drain_low", 0, p.write_drain_high - 1));
  return p;
}

DramChannel::DramChannel(std::string name, const DramChannelParams& p,
                         stats::CounterRegistry& counters,
                         std::vector<Channel<DramRequest>*> from_clients,
                         std::vector<Channel<DramRequest>*> to_clients)
    : Component(std::move(name)),
      p_(p),
      from_(std::move(from_clients)),
      to_(std::move(to_clients)),
      reads_(counters.counter(this->name(), "reads")),
      writes_(counters.counter(this->name(), "writes")),
      activates_(counters.counter(this->name(), "activates")),
      precharges_(counters.counter(this->name(), "precharges")),
      refreshes_(counters.counter(this->name(), "refreshes")),
      row_hits_(counters.counter(this->name(), "row_hits")),
      row_misses_(counters.counter(this->name(), "row_misses")),
      row_conflicts_(counters.counter(this->name(), "row_conflicts")),
      bytes_(counters.counter(this->name(), "bytes")),
      bus_busy_cycles_(counters.counter(this->name(), "bus_busy_cycles")),
      read_latency_sum_(counters.counter(this->name(), "read_latency_sum")),
      queue_full_cycles_(counters.counter(this->name(), "queue_full_cycles")),
      active_cycles_(counters.counter(this->name(), "active_cycles")) {
  const DramStandard::Problem problem = p_.standard.check();
  if (!problem.key.empty()) throw std::invalid_argument(this->name() + ": " + problem.message);
  if (!DramSchedulerRegistry::instance().has(p_.scheduler)) {
    throw std::invalid_argument(this->name() + ": unknown DRAM scheduler '" + p_.scheduler + "'");
  }
  if (p_.queue_entries == 0 || p_.write_queue_entries == 0 || p_.queue_entries + p_.write_queue_entries > 65535) {
    throw std::invalid_argument(this->name() + ": queue_entries and write_queue_entries must be >= 1, together <= 65535");
  }
  if (from_.empty() || from_.size() != to_.size()) {
    throw std::invalid_argument(this->name() + ": needs as many reply channels as clients (>= 1)");
  }
  scheduler_ = DramSchedulerRegistry::instance().create(p_.scheduler, p_.write_drain_high, p_.write_drain_low);
  auto_precharge_ = auto_precharge_of().at(p_.page_policy);
  const RefreshMode mode = refresh_mode_of().at(p_.refresh);
  refresh_per_bank_ = mode.per_bank;
  refresh_interval_ =
      mode.enabled ? (mode.per_bank ? p_.standard.tREFI / p_.standard.banks() : p_.standard.tREFI) : 0;
  refresh_due_ = refresh_interval_;

  build_rules();
  banks_.resize(p_.standard.banks());
  groups_.resize(p_.standard.bank_groups);
  const uint32_t slots = p_.queue_entries + p_.write_queue_entries;
  slots_.resize(slots);
  for (uint32_t i = slots; i-- > 0;) free_.push_back(static_cast<uint16_t>(i));
  bank_pending_.resize(p_.standard.banks());
  for (auto& q : bank_pending_) q.reserve(slots);
  bank_lists_.resize(p_.standard.banks());
  candidates_.reserve(size_t(4) * p_.standard.banks());
  candidate_pos_.reserve(size_t(4) * p_.standard.banks());
  in_flight_.reserve(slots);
  replies_.resize(to_.size());
  for (auto* ch : from_) ch->connect_consumer(*this);
}

DramChannel::~DramChannel() = default;

// The command rules of the standard (Ramulator 2's timing-constraint table): after `prev` at t,
// `next` waits until t + latency in the given scope. Read and write data share one bus, so bus
// occupancy (burst clocks) and turnarounds are channel-scope rules too.
void DramChannel::build_rules() {
  const DramStandard& s = p_.standard;
  const uint32_t bl = s.burst_clocks();
  using C = DramCommand;
  // Read data leaves the bus at RD + tCL + bl; write data starts at WR + tWL, and the bus needs
  // 2 clocks to turn around (JEDEC read-to-write: tCL + BL/2 + 2 - tWL, as Ramulator 2's nRTW).
  const int64_t rtw = int64_t(s.tCL) + bl + 2 - int64_t(s.tWL);
  const std::vector<Rule> rules = {
      // Bank: row cycle.
      {C::ACT, C::RD, Scope::bank, s.tRCD},
      {C::ACT, C::WR, Scope::bank, s.tRCD},
      {C::ACT, C::PRE, Scope::bank, s.tRAS},
      {C::ACT, C::ACT, Scope::bank, s.tRC},
      {C::RD, C::PRE, Scope::bank, s.tRTP},
      {C::WR, C::PRE, Scope::bank, s.tWL + bl + s.tWR},  // write recovery after the last beat
      {C::PRE, C::ACT, Scope::bank, s.tRP},
      {C::PRE, C::REFpb, Scope::bank, s.tRP},
      {C::PRE, C::REFab, Scope::bank, s.tRP},
      {C::REFpb, C::ACT, Scope::bank, s.tRFCpb},
      {C::REFpb, C::REFpb, Scope::bank, s.tRFCpb},
      // Bank group: the long column-to-column and activate-to-activate delays.
      {C::RD, C::RD, Scope::group, std::max(s.tCCD_L, bl)},
      {C::WR, C::WR, Scope::group, std::max(s.tCCD_L, bl)},
      {C::WR, C::RD, Scope::group, s.tWL + bl + s.tWTR_L},
      {C::ACT, C::ACT, Scope::group, s.tRRD_L},
      // Channel: the shared data bus and the short delays.
      {C::RD, C::RD, Scope::channel, std::max(s.tCCD_S, bl)},
      {C::WR, C::WR, Scope::channel, std::max(s.tCCD_S, bl)},
      {C::RD, C::WR, Scope::channel, static_cast<uint32_t>(std::max<int64_t>(rtw, 1))},
      {C::WR, C::RD, Scope::channel, s.tWL + bl + s.tWTR_S},
      {C::ACT, C::ACT, Scope::channel, s.tRRD_S},
      {C::REFab, C::ACT, Scope::channel, s.tRFC},
      {C::REFab, C::REFab, Scope::channel, s.tRFC},
      {C::REFab, C::REFpb, Scope::channel, s.tRFC},
  };
  for (const Rule& r : rules) rules_by_prev_[idx(r.prev)].push_back(r);
}

void DramChannel::issue(DramCommand cmd, uint32_t bank, uint64_t t) {
  for (const Rule& r : rules_by_prev_[idx(cmd)]) {
    ReadyTimes& times = r.scope == Scope::bank    ? banks_[bank].ready
                        : r.scope == Scope::group ? groups_[group_of(bank)]
                                                  : chan_;
    uint64_t& slot = times[idx(r.next)];
    slot = std::max(slot, t + r.latency);
  }
  if (cmd == DramCommand::ACT) act_window_[act_count_++ % 4] = t;
}

bool DramChannel::faw_ok(uint64_t t) const {
  // The oldest of the last four ACTs sits where the next one will be written.
  return act_count_ < 4 || act_window_[act_count_ % 4] + p_.standard.tFAW <= t;
}

uint64_t DramChannel::ready_at(DramCommand cmd, uint32_t bank) const {
  const size_t c = idx(cmd);
  uint64_t t = std::max({banks_[bank].ready[c], groups_[group_of(bank)][c], chan_[c]});
  // The fifth ACT in a tFAW window waits for the oldest of the last four to leave it.
  if (cmd == DramCommand::ACT && act_count_ >= 4) t = std::max(t, act_window_[act_count_ % 4] + p_.standard.tFAW);
  return t;
}

bool DramChannel::ready(DramCommand cmd, uint32_t bank, uint64_t t) const { return ready_at(cmd, bank) <= t; }

// Refreshes that fell due while the channel slept (nothing queued): counted, and their effect
// applied as if each had run at its due time, without ticking the idle cycles.
void DramChannel::catch_up_refresh(uint64_t cycle) {
  if (refresh_interval_ == 0 || refresh_pending_ || refresh_due_ >= cycle) return;
  idle_until_ = 0;
  const uint64_t n = (cycle - 1 - refresh_due_) / refresh_interval_ + 1;
  const uint64_t first_due = refresh_due_;
  const uint64_t last_due = first_due + (n - 1) * refresh_interval_;
  refreshes_ += n;
  // Each bank's first refresh closes its row (PRE as soon as its timings allow), its last one
  // decides when the bank may activate again; the ones in between changed nothing.
  auto refresh_bank = [&](uint32_t b, uint64_t first, uint64_t last, DramCommand ref) {
    Bank& bank = banks_[b];
    if (bank.open_row >= 0) {
      issue(DramCommand::PRE, b, std::max(first, bank.ready[idx(DramCommand::PRE)]));
      close_row(b);
      ++precharges_;
    }
    if (ref == DramCommand::REFpb) {
      issue(ref, b, std::max({last, bank.ready[idx(ref)], chan_[idx(ref)]}));
    }
  };
  const uint32_t nb = p_.standard.banks();
  if (refresh_per_bank_) {
    for (uint64_t k = 0; k < std::min<uint64_t>(n, nb); ++k) {
      const uint32_t b = static_cast<uint32_t>((refresh_bank_ + k) % nb);
      const uint64_t last_k = k + ((n - 1 - k) / nb) * nb;  // this bank's last refresh index
      refresh_bank(b, first_due + k * refresh_interval_, first_due + last_k * refresh_interval_,
                   DramCommand::REFpb);
    }
    refresh_bank_ = static_cast<uint32_t>((refresh_bank_ + n) % nb);
  } else {
    uint64_t ref_at = std::max(last_due, chan_[idx(DramCommand::REFab)]);
    for (uint32_t b = 0; b < nb; ++b) {
      refresh_bank(b, first_due, last_due, DramCommand::REFab);
      ref_at = std::max(ref_at, banks_[b].ready[idx(DramCommand::REFab)]);
    }
    issue(DramCommand::REFab, 0, ref_at);
  }
  refresh_due_ = last_due + refresh_interval_;
}

// Issues the due refresh's commands (PRE of the rows it needs closed, then REFpb/REFab) on the
// row command bus; returns whether it used that bus this cycle.
bool DramChannel::refresh_step(uint64_t cycle, bool& row_bus_used) {
  if (refresh_interval_ == 0) return false;
  if (!refresh_pending_ && cycle >= refresh_due_) {
    refresh_pending_ = true;
    refresh_due_ += refresh_interval_;
  }
  if (!refresh_pending_) return false;
  if (refresh_per_bank_) {
    const uint32_t b = refresh_bank_;
    if (banks_[b].open_row >= 0) {
      if (ready(DramCommand::PRE, b, cycle)) {
        issue(DramCommand::PRE, b, cycle);
        close_row(b);
        ++precharges_;
        row_bus_used = true;
      }
    } else if (ready(DramCommand::REFpb, b, cycle)) {
      issue(DramCommand::REFpb, b, cycle);
      ++refreshes_;
      refresh_pending_ = false;
      refresh_bank_ = (b + 1) % p_.standard.banks();
      row_bus_used = true;
    }
    return row_bus_used;
  }
  bool all_closed = true;
  for (uint32_t b = 0; b < banks_.size(); ++b) {
    if (banks_[b].open_row < 0) continue;
    all_closed = false;
    if (ready(DramCommand::PRE, b, cycle)) {
      issue(DramCommand::PRE, b, cycle);
      close_row(b);
      ++precharges_;
      row_bus_used = true;
      return true;
    }
  }
  if (!all_closed || chan_[idx(DramCommand::REFab)] > cycle) return false;
  for (const Bank& b : banks_) {
    if (b.ready[idx(DramCommand::REFab)] > cycle) return false;
  }
  issue(DramCommand::REFab, 0, cycle);
  ++refreshes_;
  refresh_pending_ = false;
  row_bus_used = true;
  return true;
}

void DramChannel::serve(uint32_t b, uint32_t pos, DramCommand cmd, uint64_t cycle) {
  std::vector<uint16_t>& queue = bank_pending_[b];
  const uint16_t s = queue[pos];
  Slot& slot = slots_[s];
  if (!slot.classified) {
    slot.classified = true;
    (is_column(cmd) ? row_hits_ : cmd == DramCommand::ACT ? row_misses_ : row_conflicts_).add();
  }
  issue(cmd, b, cycle);
  Bank& bank = banks_[b];
  switch (cmd) {
    case DramCommand::ACT:
      open_row(b, slot.req.row);
      ++activates_;
      return;
    case DramCommand::PRE:
      close_row(b);
      ++precharges_;
      return;
    default:
      break;
  }
  // A column command: the request leaves the scheduler's view and waits for its data.
  const DramStandard& st = p_.standard;
  const bool write = slot.req.is_write;
  slot.done = cycle + (write ? st.tWL : st.tCL) + st.burst_clocks();
  (write ? writes_ : reads_).add();
  (write ? writes_queued_ : reads_queued_) -= 1;
  --bank.queued[write];
  --bank.hits_queued[write];  // a column command serves a row hit
  bytes_ += st.burst_bytes();
  bus_busy_cycles_ += st.burst_clocks();
  if (!write) read_latency_sum_ += slot.done - slot.accepted;
  in_flight_.push_back({slot.done, slot.seq, s});
  std::push_heap(in_flight_.begin(), in_flight_.end(), std::greater<Done>());
  queue.erase(queue.begin() + pos);
  stale_banks_ |= uint64_t(1) << b;
  --pending_count_;
  if (queue.empty()) nonempty_banks_ &= ~(uint64_t(1) << b);

  if (auto_precharge_) {
    // Closed page: precharge with the access (RDA/WRA) unless a queued request still hits the row.
    for (uint16_t other : queue) {
      if (int64_t(slots_[other].req.row) == bank.open_row) return;
    }
    const uint64_t pre_at = std::max(cycle, bank.ready[idx(DramCommand::PRE)]);
    issue(DramCommand::PRE, b, pre_at);
    close_row(b);
    ++precharges_;
  }
}

void DramChannel::open_row(uint32_t b, int64_t row) {
  Bank& bank = banks_[b];
  bank.open_row = row;
  bank.hits_queued = {};
  stale_banks_ |= uint64_t(1) << b;
  for (uint16_t s : bank_pending_[b]) {
    if (int64_t(slots_[s].req.row) == row) ++bank.hits_queued[slots_[s].req.is_write];
  }
}

void DramChannel::close_row(uint32_t b) {
  banks_[b].open_row = -1;
  banks_[b].hits_queued = {};
  stale_banks_ |= uint64_t(1) << b;
}

// Only the oldest request of each (read/write, row hit or not) class can be chosen: the others of
// its class need the same command on the same bank, so they are ready exactly when it is, and
// every policy prefers the older. The queue is in arrival order, so they are among its first
// entries; the first entry is the bank's oldest (for FCFS).
void DramChannel::list_bank(uint32_t b) {
  stale_banks_ &= ~(uint64_t(1) << b);
  const Bank& bank = banks_[b];
  const std::vector<uint16_t>& queue = bank_pending_[b];
  BankList& list = bank_lists_[b];
  list.count = 0;
  // Only the classes present can be listed (a closed bank has no row hits).
  const uint8_t all = uint8_t((bank.hits_queued[0] != 0 ? 0b0001 : 0) | (bank.hits_queued[1] != 0 ? 0b0010 : 0) |
                              (bank.queued[0] > bank.hits_queued[0] ? 0b0100 : 0) |
                              (bank.queued[1] > bank.hits_queued[1] ? 0b1000 : 0));
  uint8_t seen = 0;
  for (uint32_t i = 0; i < queue.size() && seen != all; ++i) {
    const Slot& slot = slots_[queue[i]];
    const bool hit = bank.open_row == int64_t(slot.req.row);
    const uint8_t cls = uint8_t(1u << ((hit ? 0 : 2) + (slot.req.is_write ? 1 : 0)));
    if ((seen & cls) != 0) continue;
    seen |= cls;
    list.entries[list.count++] = {slot.seq, uint16_t(i), slot.req.is_write, hit};
  }
}

void DramChannel::schedule(uint64_t cycle, bool row_bus_used) {
  // While no queued request's next command can issue, nothing changes but the clock: skip to the
  // first cycle one can (a new request or a refresh recomputes it).
  if (refresh_pending_ || row_bus_used) {
    idle_until_ = 0;
  } else if (cycle < idle_until_) {
    return;
  }
  uint64_t earliest = ~uint64_t(0);  // first cycle a candidate's command can issue
  bool any_ready = false;
  candidates_.clear();
  candidate_pos_.clear();
  for (uint64_t banks = nonempty_banks_; banks != 0; banks &= banks - 1) {
    const uint32_t b = uint32_t(__builtin_ctzll(banks));
    if ((stale_banks_ >> b & 1) != 0) list_bank(b);
    const Bank& bank = banks_[b];
    const BankList& list = bank_lists_[b];
    // A due refresh owns its bank (all banks for REFab) until it has been issued.
    const bool blocked = refresh_pending_ && (!refresh_per_bank_ || b == refresh_bank_);
    for (uint32_t k = 0; k < list.count; ++k) {
      const Listed& l = list.entries[k];
      DramCandidate c;
      c.seq = l.seq;
      c.bank = static_cast<uint16_t>(b);
      c.is_write = l.is_write;
      c.command = bank.open_row < 0 ? DramCommand::ACT
                  : l.hit           ? (c.is_write ? DramCommand::WR : DramCommand::RD)
                                    : DramCommand::PRE;
      const uint64_t at = ready_at(c.command, b);
      c.ready = !blocked && at <= cycle;
      any_ready |= c.ready;
      earliest = std::min(earliest, at);
      c.oldest_in_bank = l.pos == 0;
      candidates_.push_back(c);
      candidate_pos_.push_back(l.pos);
    }
  }
  if (!any_ready && !refresh_pending_) idle_until_ = earliest;
  const DramPick pick = scheduler_->pick(candidates_, reads_queued_, writes_queued_);
  int column = pick.column;
  int row = row_bus_used ? -1 : pick.row;
  if (!p_.standard.dual_command_bus) {
    if (row_bus_used) column = -1;  // the one command bus carried the refresh
    if (column >= 0) row = -1;
  }
  // A row command for the bank a column command uses this cycle would skip the column-to-PRE
  // rules (tRTP, write recovery): leave it for a later cycle.
  if (row >= 0 && column >= 0 && candidates_[row].bank == candidates_[column].bank) row = -1;
  // Row commands (ACT/PRE) keep their request queued; a column command removes its entry, so
  // the row command is served first while both positions are valid.
  const DramCommand col_cmd = column >= 0 ? candidates_[column].command : DramCommand::RD;
  if (row >= 0) serve(candidates_[row].bank, candidate_pos_[row], candidates_[row].command, cycle);
  if (column >= 0) serve(candidates_[column].bank, candidate_pos_[column], col_cmd, cycle);
}

void DramChannel::complete(uint64_t cycle) {
  while (!in_flight_.empty() && in_flight_.front().cycle <= cycle) {
    const Done d = in_flight_.front();
    std::pop_heap(in_flight_.begin(), in_flight_.end(), std::greater<Done>());
    in_flight_.pop_back();
    replies_[slots_[d.slot].req.source].push_back(d.slot);
    ++replies_waiting_;
  }
  if (replies_waiting_ == 0) return;
  for (size_t c = 0; c < replies_.size(); ++c) {
    std::deque<uint16_t>& q = replies_[c];
    while (!q.empty() && to_[c]->can_push()) {
      to_[c]->push(slots_[q.front()].req);
      free_.push_back(q.front());
      --used_;
      --kind_used_[slots_[q.front()].req.is_write];
      q.pop_front();
      --replies_waiting_;
    }
  }
}

void DramChannel::accept(uint64_t cycle) {
  const Picos t = now();
  const uint32_t n = static_cast<uint32_t>(from_.size());
  bool blocked = false;
  for (uint32_t k = 0; k < n; ++k) {
    const uint32_t c = (rr_ + k) % n;
    if (!from_[c]->ready(t)) continue;
    // Reads and writes wait in queues of their own, so writes held back for a batch never take
    // the room that reads need to keep the banks busy.
    const bool write = from_[c]->front().is_write;
    if (kind_used_[write] >= (write ? p_.write_queue_entries : p_.queue_entries)) {
      blocked = true;
      continue;
    }
    const uint16_t s = free_.back();
    free_.pop_back();
    ++used_;
    ++kind_used_[write];
    Slot& slot = slots_[s];
    slot.req = from_[c]->pop(t);
    slot.req.source = static_cast<uint16_t>(c);  // the reply goes back on the port it came from
    slot.seq = seq_++;
    slot.accepted = cycle;
    slot.classified = false;
    const uint32_t b = slot.req.bank_group * p_.standard.banks_per_group + slot.req.bank;
    bank_pending_[b].push_back(s);
    ++banks_[b].queued[write];
    if (banks_[b].open_row == int64_t(slot.req.row)) ++banks_[b].hits_queued[write];
    nonempty_banks_ |= uint64_t(1) << b;
    stale_banks_ |= uint64_t(1) << b;
    ++pending_count_;
    (slot.req.is_write ? writes_queued_ : reads_queued_) += 1;
    idle_until_ = 0;
  }
  rr_ = (rr_ + 1) % n;
  if (blocked) ++queue_full_cycles_;
}

bool DramChannel::evaluate(uint64_t cycle) {
  catch_up_refresh(cycle);
  evaluated_ = true;
  last_cycle_ = cycle;
  if (used_ > 0) ++active_cycles_;

  complete(cycle);
  // Queued requests keep refresh honest; with nothing queued it is caught up lazily on waking.
  bool row_bus_used = false;
  if (used_ > 0 || refresh_pending_) refresh_step(cycle, row_bus_used);
  if (pending_count_ != 0) schedule(cycle, row_bus_used);
  accept(cycle);  // after scheduling: an accepted request can be served from the next cycle

  if (pending_count_ != 0 || refresh_pending_) return true;
  if (replies_waiting_ != 0) return true;  // retry the full reply channel next cycle
  if (!in_flight_.empty()) {
    wake_at(domain()->edges().edge(in_flight_.front().cycle));
  }
  return false;
}

}  // namespace warpsim
