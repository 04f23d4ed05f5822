#!/usr/bin/env python3
"""Another supplicant on the segment: send EAPOL-Start frames to the PAE
group address (01:80:c2:00:00:03) from IFACE every INTERVAL_MS until killed
(SIGTERM) or SECONDS have passed.  Every other station on a shared segment
(hub, bridge) sees them; a station must not mistake their sender for the
authenticator.

usage: eapol_noise.py IFACE [INTERVAL_MS=2] [SECONDS=20]
Prints "started" after the first frame and "sent=N" at the end.
"""
import signal
import socket
import sys
import time

PAE_GROUP = bytes.fromhex("0180c2000003")
ETH_P_EAPOL = 0x888E


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    ifname = sys.argv[1]
    interval = (float(sys.argv[2]) if len(sys.argv) > 2 else 2.0) / 1000
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_EAPOL))
    s.bind((ifname, 0))
    src = s.getsockname()[4][:6]
    # EAPOL version 2, type 1 (Start), body length 0
    frame = PAE_GROUP + src + ETH_P_EAPOL.to_bytes(2, "big") + b"\x02\x01\x00\x00"
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    sent = 0
    end = time.monotonic() + seconds
    while not stop and time.monotonic() < end:
        s.send(frame)
        sent += 1
        if sent == 1:
            print("started", flush=True)
        time.sleep(interval)
    print("sent=%d" % sent, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
