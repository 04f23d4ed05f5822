#!/usr/bin/env python3
"""Read or write libwsc's AP state blob (wsc ap --state FILE), the layout
of src/lib/ap_rules.c, so the daemon suite can check and seed it:

  wsc_state.py get FILE KEY           print one field
  wsc_state.py dump FILE              every field, KEY=VALUE a line
  wsc_state.py make FILE KEY=VALUE..  write a blob (other fields zero)

Keys: ap_pin_set ap_pin failures lock_left_ms ap_pin_left_ms
locked_forever invented. Exit 1 (and a message) for a blob that is not
valid: the daemon refuses those too.
"""
import struct
import sys
import zlib

LEN = 130
F_AP_PIN_SET, F_FOREVER, F_INVENTED = 1, 2, 4


def parse(b):
    if len(b) != LEN or b[:4] != b"WSCA" or b[4] != 1:
        raise ValueError("not a version 1 state blob")
    if struct.unpack(">I", b[126:130])[0] != zlib.crc32(b[:126]):
        raise ValueError("CRC mismatch")
    flags, failures, plen = b[5], b[6], b[7]
    return {
        "ap_pin_set": int(bool(flags & F_AP_PIN_SET)),
        "ap_pin": b[8:8 + plen].decode(),
        "failures": failures,
        "lock_left_ms": struct.unpack(">I", b[16:20])[0],
        "ap_pin_left_ms": struct.unpack(">I", b[20:24])[0],
        "locked_forever": int(bool(flags & F_FOREVER)),
        "invented": int(bool(flags & F_INVENTED)),
    }


def make(fields):
    pin = fields.get("ap_pin", "").encode()
    flags = (F_AP_PIN_SET if int(fields.get("ap_pin_set", 0)) else 0) | \
        (F_FOREVER if int(fields.get("locked_forever", 0)) else 0)
    b = bytearray(LEN)
    b[0:4] = b"WSCA"
    b[4] = 1
    b[5] = flags
    b[6] = int(fields.get("failures", 0))
    b[7] = len(pin)
    b[8:8 + len(pin)] = pin
    b[16:20] = struct.pack(">I", int(fields.get("lock_left_ms", 0)))
    b[20:24] = struct.pack(">I", int(fields.get("ap_pin_left_ms", 0)))
    b[126:130] = struct.pack(">I", zlib.crc32(bytes(b[:126])))
    return bytes(b)


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "make":
        kv = dict(a.split("=", 1) for a in sys.argv[3:])
        with open(path, "wb") as f:
            f.write(make(kv))
        return 0
    try:
        with open(path, "rb") as f:
            st = parse(f.read())
    except (OSError, ValueError) as e:
        print("wsc_state.py: %s: %s" % (path, e), file=sys.stderr)
        return 1
    if cmd == "get":
        print(st[sys.argv[3]])
    else:
        for k, v in st.items():
            print("%s=%s" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
