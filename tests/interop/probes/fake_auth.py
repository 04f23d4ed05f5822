#!/usr/bin/env python3
"""Minimal raw-socket authenticator used by probes.sh: sends every request twice
with the same identifier and reports whether the peer's answers are identical.

usage: fake_auth.py IFACE
"""
import socket
import struct
import sys
import time

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x888E))
s.bind((sys.argv[1], 0))
me = s.getsockname()[4]
s.settimeout(0.5)
t0 = time.time()


def log(*a):
    print("%7.3f" % (time.time() - t0), *a, flush=True)


def rx(timeout):
    end = time.time() + timeout
    while time.time() < end:
        try:
            f = s.recv(4000)
        except socket.timeout:
            continue
        if f[6:12] != me:
            return f
    return None


def send(dst, eap):
    s.send(dst + me + b"\x88\x8e\x02\x00" + struct.pack(">H", len(eap)) + eap)


f = rx(10)
if f is None:
    log("no EAPOL-Start")
    sys.exit(1)
sta = f[6:12]
log("RX EAPOL-Start" if f[15] == 1 else "RX type %d" % f[15])
ok = True
for name, req in (("Identity", bytes([1, 10, 0, 5, 1])),
                  ("WSC_Start", bytes.fromhex("010b000efe00372a000000010100"))):
    got = []
    for i in (1, 2):
        send(sta, req)
        r = rx(3)
        got.append(r)
        log("TX Req/%s id=%d (#%d) -> RX %s" % (name, req[1], i, "%d bytes" % len(r) if r else "nothing"))
    same = got[0] is not None and got[0] == got[1]
    ok &= same
    log("duplicate Req/%s answered with identical response: %s" % (name, same))
r = rx(4)
log("peer sent on its own during 4 s of silence: %s" % ("yes" if r else "nothing"))
sys.exit(0 if ok and r is None else 1)
