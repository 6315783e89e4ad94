#!/bin/bash
# slurm-local-up.sh: bring up a throwaway one-node Slurm cluster on this machine.
#
# This is for testing the cluster path (docs/cluster.md, scripts/jcpoa-sim-array.sbatch)
# on a single Debian machine without a real cluster. It is not a production
# setup: slurmctld and slurmd both run as root on this host, there is no
# accounting database and no cgroup confinement.
#
# What it does (idempotent; safe to re-run):
#   1. installs slurm-wlm and munge with apt-get if sbatch is missing;
#   2. creates /etc/munge/munge.key if missing (owner munge, mode 0400) and starts
#      munged if `munge -n | unmunge` fails;
#   3. writes /etc/slurm/slurm.conf for this host (node line taken from `slurmd -C`),
#      restarting the Slurm daemons if the file changed;
#   4. starts slurmctld and slurmd directly (no systemd) if they are not running;
#   5. waits until sinfo reports the node up (idle, or mix/alloc if jobs are running).
#
# Run as root:   sudo scripts/slurm-local-up.sh
# Then e.g.:     sbatch --wait --array=1-3 --wrap 'echo task $SLURM_ARRAY_TASK_ID'
# This node has only as many CPUs as the machine, so override larger requests
# from the batch script on the command line, e.g. `sbatch --cpus-per-task=1 ...`.
#
# Environment: SLURM_UP_TIMEOUT (seconds to wait for the node, default 60).
# Logs: /var/log/slurm/slurmctld.log, /var/log/slurm/slurmd.log, /var/log/munge/munged.log.
set -euo pipefail

TIMEOUT=${SLURM_UP_TIMEOUT:-60}
CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
CTLD_PID=/run/slurmctld.pid
SLURMD_PID=/run/slurmd.pid
LOG_DIR=/var/log/slurm

log() { printf 'slurm-local-up: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $EUID -eq 0 ]] || die "must run as root"

# --- 1. packages -----------------------------------------------------------------
if ! command -v sbatch >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "sbatch not found and apt-get unavailable; install slurm-wlm and munge"
    log "installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q slurm-wlm munge
fi
export PATH="$PATH:/usr/sbin:/sbin"
for b in munged munge unmunge runuser slurmctld slurmd sinfo scontrol; do
    command -v "$b" >/dev/null 2>&1 || die "$b not found"
done

# --- 2. munge --------------------------------------------------------------------
KEY=/etc/munge/munge.key
if [[ ! -s $KEY ]]; then
    log "creating $KEY"
    install -d -o munge -g munge -m 0700 /etc/munge
    if command -v mungekey >/dev/null 2>&1; then
        rm -f "$KEY"
        mungekey --create --keyfile="$KEY"
    else
        dd if=/dev/urandom of="$KEY" bs=1 count=1024 status=none
    fi
fi
chown munge:munge "$KEY"
chmod 0400 "$KEY"

if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    log "starting munged"
    install -d -o munge -g munge -m 0755 /run/munge
    install -d -o munge -g munge -m 0700 /var/log/munge
    install -d -o munge -g munge -m 0711 /var/lib/munge
    # --force: proceed past a stale socket left by a munged that did not shut down cleanly.
    runuser -u munge -- /usr/sbin/munged --force
    for _ in $(seq 20); do
        munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
        sleep 0.5
    done
    munge -n | unmunge >/dev/null || die "munged does not work; see /var/log/munge/munged.log"
fi
log "munge OK"

# --- 3. slurm.conf -----------------------------------------------------------------
HOST=$(hostname -s)
# Node line for this machine, e.g.
#   NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105
NODE_LINE=$(slurmd -C | grep -m1 '^NodeName=') || die "slurmd -C printed no NodeName line"
CPUS=$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$NODE_LINE")
MEM=$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$NODE_LINE")
[[ -n $CPUS && -n $MEM ]] || die "cannot parse CPUs/RealMemory from: $NODE_LINE"
# Jobs that do not ask for memory get an equal share per CPU; without a default,
# CR_Core_Memory gives each such job the whole node and nothing runs concurrently.
DEF_MEM=$(( MEM / CPUS ))

# If the short hostname does not resolve, talk over loopback instead.
CTLD_HOST=$HOST
NODE_ADDR=
if ! getent hosts "$HOST" >/dev/null 2>&1; then
    log "hostname $HOST does not resolve; using 127.0.0.1"
    CTLD_HOST="$HOST(127.0.0.1)"
    NODE_ADDR=" NodeAddr=127.0.0.1"
fi

NEW_CONF=$(mktemp)
trap 'rm -f "$NEW_CONF"' EXIT
cat >"$NEW_CONF" <<EOF
# Written by scripts/slurm-local-up.sh: one-node test cluster on $HOST.
ClusterName=local
SlurmctldHost=$CTLD_HOST
SlurmUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$DEF_MEM
ReturnToService=2
MailProg=/bin/true
# Reject at submission (instead of pending forever) jobs this node can never run.
EnforcePartLimits=ALL
$NODE_LINE$NODE_ADDR State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

CHANGED=0
if ! cmp -s "$NEW_CONF" "$CONF"; then
    log "writing $CONF"
    install -d -m 0755 "$CONF_DIR"
    [[ -e $CONF ]] && cp -p "$CONF" "$CONF.bak"
    install -m 0644 "$NEW_CONF" "$CONF"
    CHANGED=1
fi
install -d -m 0755 "$LOG_DIR" /var/spool/slurmctld /var/spool/slurmd

# --- 4. daemons ----------------------------------------------------------------------
# Prints the pid from pidfile $1 if that process is alive and is $2.
running_pid() {
    local pid
    [[ -r $1 ]] || return 1
    pid=$(<"$1")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$2" ]] || return 1
    echo "$pid"
}

stop_daemon() { # pidfile name
    local pid
    pid=$(running_pid "$1" "$2") || return 0
    log "stopping $2 (pid $pid) to apply the new configuration"
    kill "$pid"
    for _ in $(seq 40); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.25
    done
    die "$2 (pid $pid) did not stop"
}

if [[ $CHANGED -eq 1 ]]; then
    stop_daemon "$SLURMD_PID" slurmd
    stop_daemon "$CTLD_PID" slurmctld
fi

if ! running_pid "$CTLD_PID" slurmctld >/dev/null; then
    log "starting slurmctld"
    slurmctld || die "slurmctld failed to start; see $LOG_DIR/slurmctld.log"
fi
for _ in $(seq 40); do
    scontrol ping 2>/dev/null | grep -q 'UP' && break
    sleep 0.5
done
scontrol ping | grep -q 'UP' || die "slurmctld not answering; see $LOG_DIR/slurmctld.log"

if ! running_pid "$SLURMD_PID" slurmd >/dev/null; then
    log "starting slurmd"
    slurmd || die "slurmd failed to start; see $LOG_DIR/slurmd.log"
fi

# --- 5. wait for the node ------------------------------------------------------------------
deadline=$(( SECONDS + TIMEOUT ))
resumed=0
while :; do
    state=$(sinfo -h -n "$HOST" -o '%t' 2>/dev/null | head -n1 || true)
    case $state in
        idle|mix|alloc|comp) break ;;
        drain|drain\*|drng)
            # A node left drained by an earlier run: resume it once. (DOWN nodes return
            # by themselves when slurmd registers, because of ReturnToService=2.)
            if [[ $resumed -eq 0 ]]; then
                log "node $HOST is $state; resuming"
                scontrol update NodeName="$HOST" State=RESUME || true
                resumed=1
            fi ;;
    esac
    if (( SECONDS >= deadline )); then
        sinfo -N -l >&2 || true
        die "node $HOST not up after ${TIMEOUT}s (state '${state}'); see $LOG_DIR/slurmd.log and $LOG_DIR/slurmctld.log"
    fi
    sleep 1
done
log "node $HOST is $state"
sinfo
