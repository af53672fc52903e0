#!/usr/bin/env python3
# `python3 bench/tree-cpu.py CMD ARGS...`: runs CMD (stdout/stderr passed through) and prints on fd 3
# "WALL_MS CPU_MS EXIT": wall time of the whole run and the CPU time (user + system) of the whole
# process tree. This process becomes the tree's subreaper (Linux prctl), so a grandchild the command
# left behind (the CLI's analysis process, SIGKILLed and not waited for by its parent) is reparented
# here and its CPU time counted too. Used by bench/cold.mjs: on a shared, loaded machine CPU time
# is far steadier than wall time.
import ctypes
import os
import resource
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
try:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
except Exception:
    pass

t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
code = 0
while True:
    try:
        p, status = os.wait()
    except ChildProcessError:
        break
    if p == pid:
        code = os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8
        wall = (time.perf_counter() - t0) * 1000
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
out = os.fdopen(3, 'w') if len(sys.argv) > 1 else sys.stderr
out.write('%.3f %.3f %d\n' % (wall, (ru.ru_utime + ru.ru_stime) * 1000, code))
out.flush()
