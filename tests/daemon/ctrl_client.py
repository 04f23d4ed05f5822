#!/usr/bin/env python3
"""Raw client for a hostapd-style control socket (wsc ap / wsc sta --ctrl):
send datagrams that `wsc cli` and hostapd_cli never would.

usage:
  ctrl_client.py SOCK send HEX [TIMEOUT]   one datagram given as hex; prints
                                           the reply (repr) or DROPPED
  ctrl_client.py SOCK bad                  the bad-input table; one line per
                                           case: NAME<TAB>REPLY|DROPPED
  ctrl_client.py SOCK flood N [WINDOW]     N requests (mixed good and bad),
                                           at most WINDOW unanswered; prints
                                           sent= answered= dropped= bad= pong=
  ctrl_client.py SOCK unnamed N            N requests from an unbound socket
                                           (the daemon cannot answer them)
  ctrl_client.py SOCK attach N             N clients ATTACH and vanish; prints
                                           ok= fail=
  ctrl_client.py SOCK script               commands from stdin, one a line;
                                           each reply (repr) on its own line
  ctrl_client.py SOCK events               the same on one attached socket;
                                           prints only the events (level
                                           prefix removed), in order; a
                                           line "!CMD" runs CMD in a shell
                                           while attached, "!wait PREFIX
                                           SECS" waits for an event
Exit status 0 unless the socket cannot be reached.
"""
import os
import random
import socket
import subprocess
import sys
import tempfile
import time

_tmpdir = tempfile.mkdtemp(prefix="wsc-ctrl-client.")
_seq = 0


def client(timeout=2.0):
    """A datagram socket bound to a fresh path, connected to the daemon."""
    global _seq
    _seq += 1
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = os.path.join(_tmpdir, "c%d" % _seq)
    s.bind(path)
    s.connect(SOCK)
    s.settimeout(timeout)
    return s, path


def close(s, path):
    s.close()
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def request(payload, timeout=2.0):
    s, path = client(timeout)
    try:
        s.send(payload)
        while True:
            r = s.recv(8192)
            if r.startswith(b"<") and r[2:3] == b">":
                continue  # an event, not our reply
            return r
    except socket.timeout:
        return None
    finally:
        close(s, path)


def events_of_script():
    """ATTACH, run the commands from stdin, print every event seen until
    half a second after the last reply."""
    s, path = client(2.0)
    events = []

    def take(deadline_s, want_reply):
        s.settimeout(deadline_s)
        while True:
            try:
                r = s.recv(8192)
            except socket.timeout:
                return
            if r.startswith(b"<") and r[2:3] == b">":
                events.append(r[3:].decode("latin-1"))
            elif want_reply:
                return
    def wait_event(prefix, secs):
        deadline = time.monotonic() + secs
        while not any(e.startswith(prefix) for e in events):
            left = deadline - time.monotonic()
            if left <= 0:
                events.append("(no %s within %g s)" % (prefix, secs))
                return
            take(min(left, 0.2), False)

    try:
        s.send(b"ATTACH")
        take(2.0, True)
        for line in sys.stdin:
            line = line.rstrip("\n")
            if line.startswith("!wait "):
                _, prefix, secs = line.split(" ", 2)
                wait_event(prefix, float(secs))
            elif line.startswith("!"):
                # a shell command (an enrollee's run) while attached; the
                # events it causes are gathered after it ends, in order
                subprocess.run(line[1:], shell=True, check=False,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                take(0.3, False)
            else:
                s.send(line.encode("latin-1"))
                take(2.0, True)
        take(0.5, False)
    finally:
        close(s, path)
    for e in events:
        print(e)


def show(r):
    if r is None:
        return "DROPPED"
    return repr(r.decode("latin-1"))


def bad_table():
    rnd = random.Random(4242)
    junk = bytes(rnd.randrange(1, 256) for _ in range(300))   # no NUL
    cases = [
        ("unknown", b"NO_SUCH_COMMAND"),
        ("unknown_lower", b"frobnicate the router"),
        ("empty", b""),
        ("newlines", b"\n\n\r\n"),
        ("spaces", b"      "),
        ("long_5000", b"A" * 5000),
        ("long_ping_5000", b"PING " + b"x" * 4995),
        ("long_wps_pin_5000", b"WPS_PIN any 12345670 " + b"9" * 4979),
        # the first 4096 bytes are a valid command: must not be acted on
        ("long_ap_pin_set_5000", b"WPS_AP_PIN set 11111115" + b" " * 4977),
        ("max_len_4096", b"PING" + b"\n" * 4092),
        ("binary_nul", b"PING\x00\x01\x02garbage\xff"),
        ("binary_junk", junk),
        ("all_bytes", bytes(range(256))),
        ("too_many_args", b"WPS_PIN " + b" ".join([b"a"] * 20)),
        ("wps_pin_bad_pin", b"WPS_PIN any 12ab5670"),
        ("wps_pin_bad_uuid", b"WPS_PIN not-a-uuid 12345670"),
        ("wps_pin_bad_timeout", b"WPS_PIN any 12345670 99999999999"),
        ("wps_pin_bad_addr", b"WPS_PIN any 12345670 30 zz:zz"),
        ("wps_ap_pin_bad", b"WPS_AP_PIN set 12345671"),
        ("wps_ap_pin_verb", b"WPS_AP_PIN explode"),
        ("wps_config_bad_ssid", b"WPS_CONFIG zz WPA2PSK CCMP 3132333435363738"),
        ("wps_config_wep", b"WPS_CONFIG 6162 OPEN WEP"),
        ("wps_config_short_key", b"WPS_CONFIG 6162 WPA2PSK CCMP 3132"),
        ("log_level_bad", b"LOG_LEVEL LOUDEST"),
        ("detach_unattached", b"DETACH"),
        ("format_string", b"%s%s%s%n%n%x%x"),
        ("ping_ok", b"PING"),
    ]
    for name, payload in cases:
        print("%s\t%s" % (name, show(request(payload))))


def flood(n, window):
    """Pipelined: keep up to `window` requests in flight on one socket."""
    rnd = random.Random(7)
    payloads = [b"PING", b"NO_SUCH_COMMAND", b"x" * 5000, b"\x00\xff\x00",
                b"WPS_CHECK_PIN 12345670", b"STATUS", b"WPS_GET_STATUS",
                b"WPS_PIN bad", b"", b"LOG_LEVEL"]
    s, path = client(timeout=1.0)
    sent = answered = pong = bad = 0
    inflight = 0
    t0 = time.time()
    try:
        while sent < n or inflight:
            while sent < n and inflight < window:
                try:
                    s.send(rnd.choice(payloads))
                except socket.timeout:
                    break  # the daemon's queue is full: read first
                sent += 1
                inflight += 1
            try:
                r = s.recv(8192)
            except socket.timeout:
                inflight = 0  # no reply within 1 s: those were dropped
                continue
            if r.startswith(b"<") and r[2:3] == b">":
                continue
            inflight = max(0, inflight - 1)
            answered += 1
            if r == b"PONG\n":
                pong += 1
            elif not (r.startswith(b"FAIL") or r.startswith(b"PBC Status")
                      or r.startswith(b"state=") or r == b"12345670"
                      or r == b"UNKNOWN COMMAND\n"
                      or r.startswith(b"Current level")):
                bad += 1
                if bad <= 3:
                    sys.stderr.write("unexpected reply: %r\n" % r[:80])
    finally:
        close(s, path)
    print("sent=%d answered=%d dropped=%d bad=%d pong=%d secs=%.2f" %
          (sent, answered, sent - answered, bad, pong, time.time() - t0))


def unnamed(n):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.connect(SOCK)
    s.settimeout(1.0)
    ok = 0
    for i in range(n):
        try:
            s.send(b"PING" if i % 2 else b"garbage \x01\x02")
            ok += 1
        except (BlockingIOError, socket.timeout):
            pass
    s.close()
    print("sent=%d" % ok)


def attach(n):
    ok = fail = 0
    for _ in range(n):
        s, path = client()
        s.send(b"ATTACH")
        try:
            r = s.recv(8192)
        except socket.timeout:
            r = b""
        if r.startswith(b"OK"):
            ok += 1
        else:
            fail += 1
        close(s, path)  # gone without DETACH
    print("ok=%d fail=%d" % (ok, fail))


def main():
    global SOCK
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    SOCK = sys.argv[1]
    mode = sys.argv[2]
    try:
        if mode == "send":
            t = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
            print(show(request(bytes.fromhex(sys.argv[3]), t)))
        elif mode == "bad":
            bad_table()
        elif mode == "flood":
            flood(int(sys.argv[3]),
                  int(sys.argv[4]) if len(sys.argv) > 4 else 32)
        elif mode == "unnamed":
            unnamed(int(sys.argv[3]))
        elif mode == "attach":
            attach(int(sys.argv[3]))
        elif mode == "events":
            events_of_script()
        elif mode == "script":
            for line in sys.stdin:
                print(show(request(line.rstrip("\n").encode("latin-1"))))
        else:
            sys.stderr.write(__doc__)
            return 2
    except (ConnectionRefusedError, FileNotFoundError) as e:
        sys.stderr.write("ctrl_client: %s: %s\n" % (SOCK, e))
        return 1
    finally:
        try:
            os.rmdir(_tmpdir)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
