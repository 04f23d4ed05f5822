#!/usr/bin/env python3
"""Write seed corpora for the fuzz targets from the real PIN run vector."""
import os, sys
vec = {}
for line in open(os.path.join(os.path.dirname(__file__), "../interop/vectors/pin_run.txt")):
    if "=" in line and not line.startswith("#"):
        k, v = line.split("=", 1)
        vec[k.strip()] = bytes.fromhex(v.strip())
out = sys.argv[1]
for t in ("parse", "session", "eap", "conf", "ctrl"):
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

# wsc ap's configuration files: a single BSS and a multi-BSS router
conf1 = b"""interface=wlan0
ctrl_interface=/var/run/hostapd
wps_state=2
ssid=home
ssid2=P"caf\\xc3\\xa9"
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=correct horse battery staple
ap_pin=12345670
uuid=12345678-9abc-def0-1234-56789abcdef0
device_type=6-0050F204-1
config_methods=label display push_button keypad
wps_rf_bands=ag
"""
conf2 = conf1 + b"""
bss=wlan0_1
ssid=guest
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=guest passphrase
wps_state=2
wps_independent=1
"""
open(os.path.join(out, "conf", "single"), "wb").write(conf1)
open(os.path.join(out, "conf", "multi"), "wb").write(conf2.replace(b"ap_pin=12345670\n", b"wps_independent=1\n"))
# control commands, as hostapd_cli sends them
cmds = ["PING", "WPS_PBC", "WPS_PIN any 12345670", "WPS_PIN any 12345670 300 02:00:00:00:00:01",
        "WPS_PIN 12345678-9abc-def0-1234-56789abcdef0 87654325", "WPS_CANCEL",
        "WPS_CHECK_PIN 1234-5670", "WPS_AP_PIN get", "WPS_AP_PIN set 87654325 30",
        "WPS_AP_PIN random 60", "WPS_AP_PIN disable", "WPS_GET_STATUS", "STATUS", "MIB",
        "GET_CONFIG", "GET version", "LOG_LEVEL DEBUG", "RELOAD",
        "WPS_CONFIG 6e6577 WPA2PSK CCMP 6e65772d706173732d313233"]
for i, c in enumerate(cmds):
    open(os.path.join(out, "ctrl", "cmd%d" % i), "wb").write(c.encode())
