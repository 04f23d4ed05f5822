#!/usr/bin/env python3
"""Write seed corpora for the fuzz targets from the real PIN run vector."""
import os, sys
vec = {}
for line in open(os.path.join(os.path.dirname(__file__), "../interop/vectors/pin_run.txt")):
    if "=" in line and not line.startswith("#"):
        k, v = line.split("=", 1)
        vec[k.strip()] = bytes.fromhex(v.strip())
out = sys.argv[1]
for t in ("parse", "session", "eap"):
    os.makedirs(os.path.join(out, t), exist_ok=True)
msgs = [vec[k] for k in ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "wsc_done")]
for i, m in enumerate(msgs):
    open(os.path.join(out, "parse", "msg%d" % i), "wb").write(m)
    for role in range(8):
        rec = bytes([role]) + bytes([4]) + len(m).to_bytes(2, "big") + m
        open(os.path.join(out, "session", "r%d_msg%d" % (role, i)), "wb").write(rec)
frames = [vec[k][14:] for k in sorted(vec) if k.startswith("frame")]
blob = b"".join(bytes([min(len(f), 255)]) + f[:255] for f in frames)
open(os.path.join(out, "eap", "run"), "wb").write(blob)
