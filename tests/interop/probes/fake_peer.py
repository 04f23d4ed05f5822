#!/usr/bin/env python3
"""Minimal raw-socket EAPOL peer used by probes.sh to make hostapd retransmit.

usage: fake_peer.py IFACE MODE SECONDS [M1HEX]
  MODE silent: send EAPOL-Start, then never answer (Request/Identity retransmits)
  MODE ident : answer Request/Identity as enrollee, then go silent (WSC_Start retransmits)
  MODE m1    : also answer WSC_Start with the given M1 (hex), then go silent (M2 retransmits)
Prints one line per received EAP packet: "<t> RX <code> id=<id> type=<t> len=<n> [op= msgtype=]".
"""
import socket
import struct
import sys
import time

ifc, mode, dur = sys.argv[1], sys.argv[2], float(sys.argv[3])
m1 = bytes.fromhex(sys.argv[4]) if len(sys.argv) > 4 else b""
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x888E))
s.bind((ifc, 0))
me = s.getsockname()[4]
PAE = bytes.fromhex("0180c2000003")
t0 = time.time()


def log(*a):
    print("%7.3f" % (time.time() - t0), *a, flush=True)


def send_eap(eap):
    s.send(PAE + me + b"\x88\x8e" + b"\x02\x00" + struct.pack(">H", len(eap)) + eap)


s.send(PAE + me + b"\x88\x8e\x02\x01\x00\x00")
log("TX EAPOL-Start")
ident = b"WFA-SimpleConfig-Enrollee-1-0"
done = set()
s.settimeout(0.2)
while time.time() - t0 < dur:
    try:
        f = s.recv(4000)
    except socket.timeout:
        continue
    if f[6:12] == me or f[15] != 0:
        continue
    code, eid, ln = f[18], f[19], struct.unpack(">H", f[20:22])[0]
    eap = f[18:18 + ln]
    typ = eap[4] if ln > 4 else None
    extra = ""
    if typ == 254:
        extra = " op=%d" % eap[12]
        i = eap.find(b"\x10\x22\x00\x01")
        if eap[12] == 4 and i > 0:
            extra += " msgtype=0x%02x" % eap[i + 4]
    log("RX %s id=%d type=%s len=%d%s" % ({1: "Request", 2: "Response", 3: "Success", 4: "Failure"}.get(code, code),
                                          eid, typ, ln, extra))
    if mode == "silent" or code != 1:
        continue
    if typ == 1 and "id" not in done:
        done.add("id")
        send_eap(bytes([2, eid]) + struct.pack(">H", 5 + len(ident)) + b"\x01" + ident)
        log("TX Response/Identity id=%d" % eid)
    elif typ == 254 and eap[12] == 1 and mode == "m1" and "m1" not in done:
        done.add("m1")
        body = b"\xfe\x00\x37\x2a\x00\x00\x00\x01\x04\x00" + m1
        send_eap(bytes([2, eid]) + struct.pack(">H", 4 + len(body)) + body)
        log("TX Response/M1 id=%d (then silent)" % eid)
