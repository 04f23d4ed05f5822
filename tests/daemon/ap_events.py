#!/usr/bin/env python3
"""The AP's WPS events of a run, in one form for `wsc sim` and `wsc ap`, so
that daemon.sh's sim_compare case can compare them line by line.

  ap_events.py sim TRANSCRIPT AP_NAME   the simulator's transcript, up to
                                        the note "end of the script"
  ap_events.py daemon EVENTS            ctrl_client.py's events of wsc ap

Kept: hostapd's AP event names (WPS-FAIL with its msg and config_error);
left out: WPS-ENROLLEE-SEEN (the simulator hears Probe Requests, a wired
port only M1s), WPS-CANCEL (the simulator has no cancel), EAP events. Two
push-button runs refused at the same moment may be told in either order:
each block of overlap refusals is sorted.
"""
import re
import sys

KEEP = {"WPS-PBC-ACTIVE", "WPS-PBC-DISABLE", "WPS-TIMEOUT",
        "WPS-OVERLAP-DETECTED", "WPS-REG-SUCCESS", "WPS-SUCCESS",
        "WPS-FAIL", "WPS-PIN-NEEDED", "WPS-NEW-AP-SETTINGS",
        "WPS-AP-SETUP-LOCKED", "WPS-AP-SETUP-UNLOCKED",
        "WPS-AP-PIN-DISABLED"}
OVERLAP = {"WPS-OVERLAP-DETECTED", "WPS-FAIL msg=4 config_error=12"}


def norm(text):
    words = text.split()
    if not words or words[0] not in KEEP:
        return None
    if words[0] == "WPS-FAIL":
        return " ".join(words[:3])
    return words[0]


def sort_overlap_blocks(evs):
    out, block = [], []
    for e in evs + [None]:
        if e in OVERLAP:
            block.append(e)
            continue
        out += sorted(block)
        block = []
        if e is not None:
            out.append(e)
    return out


def main():
    evs = []
    if sys.argv[1] == "sim":
        line_re = re.compile(r"^ +[0-9.]+s  (\S+) +(.*)$")
        for line in open(sys.argv[2], encoding="utf-8"):
            if line.strip() == "end of the script":
                break
            m = line_re.match(line.rstrip("\n"))
            if m and m.group(1) == sys.argv[3]:
                e = norm(m.group(2))
                if e:
                    evs.append(e)
    else:
        for line in open(sys.argv[2], encoding="utf-8"):
            e = norm(line)
            if e:
                evs.append(e)
    for e in sort_overlap_blocks(evs):
        print(e)


if __name__ == "__main__":
    main()
