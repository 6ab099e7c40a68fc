#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for trying and testing `warpsim sweep --backend
# slurm`: munge, slurmctld and slurmd with their state, logs and config in one folder, no
# cgroups (containers rarely delegate them) and no accounting.
#
#   scripts/slurm_single_node.sh start [DIR]   install slurm-wlm and munge if missing, start; prints
#                                               the SLURM_CONF to export (default DIR /tmp/warpsim-slurm)
#   scripts/slurm_single_node.sh stop [DIR]    stop the daemons
#
# Needs root or password-less sudo (the daemons run as root; jobs run as their user). Exits 1 with
# the reason when the cluster cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:-}
dir=${2:-/tmp/warpsim-slurm}
if [[ $(id -u) -ne 0 ]]; then
  # The daemons run as root; jobs still run as the user who submits them.
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then exec sudo -n "$0" "$@"; fi
  echo "slurm_single_node.sh: needs root or password-less sudo (the daemons run as root)" >&2
  exit 1
fi

stop() {
  for pidfile in "$dir"/slurmd.pid "$dir"/slurmctld.pid "$dir"/munged.pid; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  rm -f "$dir"/*.pid
}

case $action in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac

scripts/setup.sh slurm-wlm munge >&2
stop
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
host=$(hostname -s)
# Two free TCP ports, so that clusters of different folders (parallel tests) never collide.
ports=$(python3 -c 'import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("", 0))
print(*[s.getsockname()[1] for s in socks])')
read -r ctld_port slurmd_port <<<"$ports"
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)

# munge: its own key, socket and pid file under $dir, so that nothing of the host's is touched.
[[ -f $dir/munge/munge.key ]] || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 700 "$dir/munge"
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
  --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/munge.seed"

cat >"$dir/slurm.conf" <<CONF
ClusterName=warpsim
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld
slurmd
# Up when the node accepts jobs.
for _ in $(seq 60); do
  if sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
    echo "SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "slurm_single_node.sh: the node did not come up; see $dir/slurmctld.log and $dir/slurmd.log:" >&2
tail -n 5 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
exit 1
