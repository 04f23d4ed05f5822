#!/usr/bin/env python3
"""A flood of EAPOL frames from random source MACs, as fast as the socket
takes them, for SECONDS (bounded; this machine's own veth only):

  eapol_flood.py IFACE DST KIND SECONDS [RATE]

DST: the authenticator's MAC (the frames go to it alone, as to an AP on
the air), or "pae" for the PAE group address.

KIND: start   EAPOL-Start (every MAC a new conversation that goes nowhere)
      garbage EAPOL type 0 with random EAP bytes
RATE: frames per second (default: as fast as the socket takes them).
Prints "started" after the first frame and "sent=N seconds=S rate=R" at
the end (frames per second).
"""
import os
import socket
import sys
import time

PAE_GROUP = bytes.fromhex("0180c2000003")
ETH_P_EAPOL = 0x888E


def main():
    ifname, dst, kind = sys.argv[1], sys.argv[2], sys.argv[3]
    seconds = float(sys.argv[4])
    rate = float(sys.argv[5]) if len(sys.argv) > 5 else 0
    dst = PAE_GROUP if dst == "pae" else bytes.fromhex(dst.replace(":", ""))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_EAPOL))
    s.bind((ifname, 0))
    sent, t0 = 0, time.monotonic()
    end = t0 + seconds
    while time.monotonic() < end:
        for _ in range(64):
            src = bytes([0x02]) + os.urandom(5)   # locally administered
            if kind == "start":
                body = b"\x02\x01\x00\x00"
            else:
                eap = os.urandom(4 + (sent % 40))
                body = b"\x02\x00" + len(eap).to_bytes(2, "big") + eap
            try:
                s.send(dst + src + ETH_P_EAPOL.to_bytes(2, "big") + body)
            except BlockingIOError:
                continue
            sent += 1
        if sent <= 64:
            print("started", flush=True)
        if rate:  # paced: the next batch when its time has come
            ahead = t0 + sent / rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
    dt = time.monotonic() - t0
    print("sent=%d seconds=%.1f rate=%d" % (sent, dt, sent / dt), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
