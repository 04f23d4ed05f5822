#!/usr/bin/env python3
"""Re-derive every value of a WPS known-answer vector (vectors/pin_run.txt).

usage: verify_vectors.py FILE

Independent check (python3 stdlib + the openssl CLI for AES-128-CBC) that the
values logged by hostapd / wpa_supplicant and the captured messages obey the
WSC key schedule:
  PK = 2^priv mod p (RFC 3526 group 5), shared = PKr^privE = PKe^privR (192 B)
  DHKey = SHA256(shared); KDK = HMAC(DHKey, N1 || MAC-E || N2)
  AuthKey||KeyWrapKey||EMSK = KDF(KDK, "Wi-Fi Easy and Secure Key Derivation", 640)
  PSK1/2 = HMAC(AuthKey, PIN half)[:16]; E/R-Hash = HMAC(AuthKey, S || PSK || PKe || PKr)
  Authenticator(Mn) = HMAC(AuthKey, M(n-1) || Mn-without-Authenticator)[:8]
  Encrypted Settings = IV || AES-128-CBC(KeyWrapKey, plaintext || PKCS#5 pad),
  plaintext ends with KWA = HMAC(AuthKey, plaintext-before-KWA)[:8]
Exit 0 if every check passes.
"""
import hashlib
import hmac
import subprocess
import sys

P_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
    "9ED529077096966D670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF")
P = int(P_HEX, 16)

fails = 0
checks = 0


def check(cond, what):
    global fails, checks
    checks += 1
    if cond:
        print("  ok   " + what)
    else:
        fails += 1
        print("  FAIL " + what)


def hm(key, *parts):
    return hmac.new(key, b"".join(parts), hashlib.sha256).digest()


def tlvs(buf):
    out, off = [], 0
    while off < len(buf):
        if off + 4 > len(buf):
            raise ValueError("truncated TLV header")
        t = int.from_bytes(buf[off:off + 2], "big")
        n = int.from_bytes(buf[off + 2:off + 4], "big")
        if off + 4 + n > len(buf):
            raise ValueError("TLV %04x overruns" % t)
        out.append((t, buf[off + 4:off + 4 + n]))
        off += 4 + n
    return out


def get(buf, t):
    for tt, v in tlvs(buf):
        if tt == t:
            return v
    return None


def aes_cbc_decrypt(key, iv, ct):
    r = subprocess.run(["openssl", "enc", "-d", "-aes-128-cbc", "-nopad",
                        "-K", key.hex(), "-iv", iv.hex()],
                       input=ct, capture_output=True, check=True)
    return r.stdout


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    v = {}
    for line in open(sys.argv[1]):
        line = line.strip()
        if not line or line.startswith("#") or " = " not in line:
            continue
        k, h = line.split(" = ", 1)
        v[k] = bytes.fromhex(h)

    print("DH (RFC 3526 group 5, g=2):")
    pke, pkr = v["enrollee_public_key"], v["registrar_public_key"]
    xe = int.from_bytes(v["enrollee_dh_private"], "big")
    xr = int.from_bytes(v["registrar_dh_private"], "big")
    check(pow(2, xe, P).to_bytes(192, "big") == pke, "PKe = 2^privE mod p (192 bytes)")
    check(pow(2, xr, P).to_bytes(192, "big") == pkr, "PKr = 2^privR mod p (192 bytes)")
    s1 = pow(int.from_bytes(pkr, "big"), xe, P).to_bytes(192, "big")
    s2 = pow(int.from_bytes(pke, "big"), xr, P).to_bytes(192, "big")
    check(s1 == v["dh_shared"] and s2 == v["dh_shared"], "shared = PKr^privE = PKe^privR")
    for name, pk in (("PKe", pke), ("PKr", pkr)):
        y = int.from_bytes(pk, "big")
        check(1 < y < P - 1 and pow(y, (P - 1) // 2, P) == 1,
              name + " in [2, p-2] and in the prime-order subgroup")

    print("key derivation:")
    dhkey = hashlib.sha256(v["dh_shared"]).digest()
    check(dhkey == v["dhkey"], "DHKey = SHA256(shared)")
    kdk = hm(dhkey, v["e_nonce"], v["enrollee_mac"], v["r_nonce"])
    check(kdk == v["kdk"], "KDK = HMAC(DHKey, E-Nonce || E-MAC || R-Nonce)")
    label = b"Wi-Fi Easy and Secure Key Derivation"
    stream = b"".join(hm(kdk, i.to_bytes(4, "big"), label, (640).to_bytes(4, "big"))
                      for i in (1, 2, 3))[:80]
    authkey, kwk, emsk = stream[:32], stream[32:48], stream[48:80]
    check(authkey == v["authkey"], "AuthKey = KDF[0:32]")
    check(kwk == v["keywrapkey"], "KeyWrapKey = KDF[32:48]")
    check(emsk == v["emsk"], "EMSK = KDF[48:80]")
    pin = v["pin"]
    half = (len(pin) + 1) // 2
    psk1 = hm(authkey, pin[:half])[:16]
    psk2 = hm(authkey, pin[half:])[:16]
    check(psk1 == v["psk1"], "PSK1 = HMAC(AuthKey, '%s')[:16]" % pin[:half].decode())
    check(psk2 == v["psk2"], "PSK2 = HMAC(AuthKey, '%s')[:16]" % pin[half:].decode())
    check(hm(authkey, v["e_s1"], psk1, pke, pkr) == v["e_hash1"], "E-Hash1")
    check(hm(authkey, v["e_s2"], psk2, pke, pkr) == v["e_hash2"], "E-Hash2")
    check(hm(authkey, v["r_s1"], psk1, pke, pkr) == v["r_hash1"], "R-Hash1")
    check(hm(authkey, v["r_s2"], psk2, pke, pkr) == v["r_hash2"], "R-Hash2")

    print("messages:")
    names = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]
    msgs = {n: v[n] for n in names}
    mtypes = [0x04, 0x05, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C]   # 0x06 is M2D
    for n, mt in zip(names, mtypes):
        try:
            tlvs(msgs[n])
            ok = get(msgs[n], 0x1022) == bytes([mt])
        except ValueError:
            ok = False
        check(ok, "%s: well-formed TLVs, Message Type 0x%02x" % (n.upper(), mt))
    m1, m2 = msgs["m1"], msgs["m2"]
    check(get(m1, 0x101A) == v["e_nonce"] and get(m1, 0x1032) == pke and
          get(m1, 0x1020) == v["enrollee_mac"] and get(m1, 0x1047) == v["uuid_e"],
          "M1 carries E-Nonce, PKe, enrollee MAC, UUID-E")
    check(get(m2, 0x101A) == v["e_nonce"] and get(m2, 0x1039) == v["r_nonce"] and
          get(m2, 0x1032) == pkr and get(m2, 0x1048) == v["uuid_r"],
          "M2 carries E-Nonce, R-Nonce, PKr, UUID-R")
    check(get(msgs["m3"], 0x1014) == v["e_hash1"] and get(msgs["m3"], 0x1015) == v["e_hash2"],
          "M3 carries E-Hash1, E-Hash2")
    check(get(msgs["m4"], 0x103D) == v["r_hash1"] and get(msgs["m4"], 0x103E) == v["r_hash2"],
          "M4 carries R-Hash1, R-Hash2")
    for i in range(1, 8):
        prev, cur = msgs[names[i - 1]], msgs[names[i]]
        last_t, last_v = tlvs(cur)[-1]
        ok = last_t == 0x1005 and len(last_v) == 8 and \
            hm(authkey, prev, cur[:-12])[:8] == last_v
        check(ok, "%s Authenticator = HMAC(AuthKey, %s || %s*)[:8] (last attribute)"
              % (names[i].upper(), names[i - 1].upper(), names[i].upper()))
    check(get(v["wsc_done"], 0x1022) == b"\x0f" and get(v["wsc_done"], 0x1005) is None,
          "WSC_Done: type 0x0f, no Authenticator")

    print("encrypted settings:")
    expect_inner = {"m4": (0x103F, v["r_s1"]), "m5": (0x1016, v["e_s1"]),
                    "m6": (0x1040, v["r_s2"]), "m7": (0x1017, v["e_s2"]), "m8": (None, None)}
    for n, (t, want) in expect_inner.items():
        es = get(msgs[n], 0x1018)
        iv, ct = es[:16], es[16:]
        pt = aes_cbc_decrypt(kwk, iv, ct)
        check(pt == v[n + "_plaintext_padded"], "%s: AES-128-CBC decrypt = logged plaintext" % n.upper())
        pad = pt[-1]
        check(1 <= pad <= 16 and pt[-pad:] == bytes([pad]) * pad,
              "%s: PKCS#5 padding of %d byte(s)" % (n.upper(), pad))
        body = pt[:-pad]
        lt, lv = tlvs(body)[-1]
        check(lt == 0x101E and hm(authkey, body[:-12])[:8] == lv,
              "%s: Key Wrap Authenticator = HMAC(AuthKey, settings)[:8]" % n.upper())
        if t is not None:
            check(get(body, t) == want, "%s: carries %04x = logged nonce" % (n.upper(), t))
        else:
            check(get(body, 0x100E) == v["credential"][4:],
                  "M8: Credential = the one wpa_supplicant reported (WPS-CRED-RECEIVED)")

    print("%d checks, %d failed" % (checks, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
