#include "sim/analysis/child_runs.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace warpsim::analysis {

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A private folder for the children's output files, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string templ = (fs::temp_directory_path() / "warpsim-children-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder: " + std::string(std::strerror(errno)));
    path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

pid_t spawn(const std::string& exe, const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
  std::vector<std::string> argv_storage;
  argv_storage.push_back(exe);
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  // posix_spawnp: a bare name (`sbatch`) is looked up in PATH.
  const int rc = posix_spawnp(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + exe + ": " + std::strerror(rc));
  return pid;
}

}  // namespace

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string child_error(const ChildResult& r) {
  const std::string line = first_line(r.err);
  for (const char* prefix : {"warpsim: error: ", "warpsim: "}) {
    if (line.rfind(prefix, 0) == 0) return line.substr(std::string(prefix).size());
  }
  return line;
}

std::string self_executable() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find the warpsim binary (/proc/self/exe): " + ec.message());
  return p.string();
}

std::vector<ChildResult> run_children(const std::string& executable, const std::vector<std::vector<std::string>>& args,
                                      unsigned jobs, const std::function<void(size_t, const ChildResult&)>& on_done) {
  ScratchDir scratch;
  std::vector<ChildResult> results(args.size());
  std::map<pid_t, size_t> running;
  auto out_of = [&](size_t i) { return scratch.path() / (std::to_string(i) + ".out"); };
  auto err_of = [&](size_t i) { return scratch.path() / (std::to_string(i) + ".err"); };
  size_t next = 0;
  if (jobs == 0) jobs = 1;
  while (next < args.size() || !running.empty()) {
    while (next < args.size() && running.size() < jobs) {
      running[spawn(executable, args[next], out_of(next), err_of(next))] = next;
      ++next;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;  // not one of ours
    const size_t i = it->second;
    running.erase(it);
    ChildResult& r = results[i];
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out_of(i));
    r.err = slurp(err_of(i));
    if (on_done) on_done(i, r);
  }
  return results;
}

}  // namespace warpsim::analysis
