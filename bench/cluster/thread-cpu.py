#!/usr/bin/env python3
"""CPU of the given JVMs' threads over an interval, by thread group (digits in names folded to N),
user and system time: what JFR's samples leave out (JIT compiler, GC, threads in native code).
   bench/cluster/thread-cpu.py SECONDS PID...   (run while the JVMs are under load)"""
import collections
import os
import re
import sys
import time

seconds = float(sys.argv[1])
pids = sys.argv[2:]
ticks = os.sysconf('SC_CLK_TCK')


def snapshot():
    threads = {}
    for pid in pids:
        for tid in os.listdir(f'/proc/{pid}/task'):
            try:
                stat = open(f'/proc/{pid}/task/{tid}/stat').read()
            except OSError:
                continue  # the thread ended meanwhile
            name = stat[stat.index('(') + 1:stat.rindex(')')]
            fields = stat[stat.rindex(')') + 2:].split()
            threads[(pid, tid)] = (name, int(fields[11]), int(fields[12]))
    return threads


before = snapshot()
time.sleep(seconds)
after = snapshot()
total, system = collections.Counter(), collections.Counter()
for key, (name, user, sys_) in after.items():
    user0, sys0 = before.get(key, (name, 0, 0))[1:]
    group = re.sub(r'\d+', 'N', name)
    total[group] += user - user0 + sys_ - sys0
    system[group] += sys_ - sys0
everything = sum(total.values())
print(f'{everything / ticks:.2f} s of CPU in {seconds:.0f} s ({everything / ticks / seconds:.0%} of a core),'
      f' {sum(system.values()) / ticks:.2f} s of it system')
for group, used in total.most_common(12):
    print(f'{used / ticks:7.2f} s  {used / max(everything, 1):6.1%}  (system {system[group] / ticks:5.2f} s)  {group}')
