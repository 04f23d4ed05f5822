#!/bin/bash
# tests/wifi/vm.sh - boot a throw-away qemu VM (software emulation, no KVM)
# with mac80211_hwsim radios and run one bash script inside it.
#
# usage: vm.sh [options] SHARE_DIR GUEST_SCRIPT [ARG...]
#   --radios N      mac80211_hwsim radios loaded at boot (default 4)
#   --timeout SEC   host-side limit for the whole VM run; qemu is killed
#                   when it is exceeded (default 600)
#   --share DIR     also mount host DIR read-write at the same path in the
#                   guest (repeatable)
#   --share-ro DIR  same, read-only (repeatable)
#   --mem MB        guest memory (default 1024)
#   --smp N         guest CPUs (default: 2, at most the host's CPU count)
#   --kernel FILE   kernel image (default: newest /boot/vmlinuz-* that has
#                   /lib/modules/<ver>/.../mac80211_hwsim.ko*)
#   --quiet         do not print guest.log at the end
#
# Inside the guest the host's / is the (read-only, 9p) root filesystem, with
# fresh proc, sysfs, devtmpfs, debugfs and tmpfs on /tmp, /run and /dev/shm.
# SHARE_DIR (and every --share dir) is mounted read-write at the SAME path,
# on top of the guest's tmpfs if it lives under /tmp. GUEST_SCRIPT is run as
#     cd SHARE_DIR && /bin/bash GUEST_SCRIPT ARG...
# with a clean environment: PATH, HOME=/root, LANG=C.UTF-8, WIFI_GUEST=1,
# WIFI_SHARE=SHARE_DIR, WIFI_RADIOS=N, WIFI_VM_DIR=SHARE_DIR/.vm.
# Its stdout+stderr go to SHARE_DIR/guest.log, its exit status to
# SHARE_DIR/guest.rc, then the guest powers off. The serial console (kernel
# log + init messages) goes to SHARE_DIR/console.log.
#
# Exit status: the guest script's status; 124 on host-side timeout; 125 if
# the VM failed to boot or guest.rc is missing; 2 on usage errors.
# SHARE_DIR/.vm/ holds the generated initramfs, mount table and stage-2
# launcher. Paths must not contain whitespace. Must run as root (9p
# security_model=none needs it to write files as the guest's root).
set -u

die() { echo "vm.sh: $*" >&2; exit 125; }
usage() { sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//; /^set -u/d' >&2; exit 2; }

radios=4 timeout=600 mem=1024 kernel='' quiet=0
smp=$(nproc 2>/dev/null || echo 1); [ "$smp" -gt 2 ] && smp=2
shares=()   # entries "rw:/path" or "ro:/path"
while [ $# -gt 0 ]; do
	case $1 in
	--radios) radios=${2:?}; shift 2 ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	--share) shares+=("rw:${2:?}"); shift 2 ;;
	--share-ro) shares+=("ro:${2:?}"); shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--kernel) kernel=${2:?}; shift 2 ;;
	--quiet) quiet=1; shift ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) echo "vm.sh: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || usage
case $radios$timeout$mem$smp in *[!0-9]*) echo "vm.sh: numeric option expected" >&2; exit 2 ;; esac

share=$(realpath -e -- "$1") || die "no such SHARE_DIR: $1"
script=$(realpath -e -- "$2") || die "no such GUEST_SCRIPT: $2"
shift 2
[ -d "$share" ] || die "SHARE_DIR is not a directory: $share"
[ "$(id -u)" = 0 ] || die "must run as root"

# Mount paths go through a whitespace-separated table read by busybox sh.
check_path() {
	case $1 in
	/*) ;; *) die "not an absolute path: $1" ;;
	esac
	case $1 in *[[:space:]]*) die "path with whitespace is not supported: $1" ;; esac
}
check_path "$share"

# ---- kernel + modules -------------------------------------------------
if [ -z "$kernel" ]; then
	for k in $(printf '%s\n' /boot/vmlinuz-* | sort -rV); do
		v=${k#/boot/vmlinuz-}
		if find "/lib/modules/$v" -name 'mac80211_hwsim.ko*' 2>/dev/null | grep -q .; then
			kernel=$k; break
		fi
	done
	[ -n "$kernel" ] || die "no /boot/vmlinuz-* with a mac80211_hwsim module found"
fi
[ -r "$kernel" ] || die "cannot read kernel $kernel"
kver=${kernel##*/vmlinuz-}
[ -d "/lib/modules/$kver" ] || die "no /lib/modules/$kver for $kernel"
busybox=$(command -v busybox) || die "busybox not found"
file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
	ldd "$busybox" 2>&1 | grep -q 'not a dynamic' || die "$busybox is not static (install busybox-static)"
qemu=$(command -v qemu-system-x86_64) || die "qemu-system-x86_64 not found"

vmdir=$share/.vm
mkdir -p "$vmdir" || die "cannot create $vmdir"
rm -f "$share/guest.log" "$share/guest.rc" "$share/console.log"

# Early-boot modules (virtio PCI transport + 9p), in dependency order.
# The wireless stack is loaded later with the host root's own modprobe.
early_mods=()
add_mod() {
	local m=$1 d
	for d in "${early_mods[@]}"; do [ "$d" = "$m" ] && return 0; done
	local deps
	deps=$(modinfo -k "$kver" -F depends "$m" 2>/dev/null) || die "module $m not found for $kver"
	for d in ${deps//,/ }; do add_mod "$d"; done
	early_mods+=("$m")
}
for m in virtio_pci 9pnet_virtio 9p; do add_mod "$m"; done

# ---- initramfs (cached; rebuilt when inputs change) ---------------------
# Written to a file first so its hash is part of the cache key.
init_src=$vmdir/init.src
cat >"$init_src" <<'EOF'
#!/bin/busybox sh
# wsc test VM init (pid 1, stays in the initramfs; the workload is chrooted)
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
msg() { echo "WSC-VM: $*"; }
halt() { msg "$*"; sync; poweroff -f; echo o >/proc/sysrq-trigger; sleep 60; }
msg "init started"
for m in $(cat /etc/modules.early); do
	insmod /lib/early/$m.ko || halt "insmod $m failed"
done
O9P=trans=virtio,version=9p2000.L,msize=262144
mkdir -p /share /newroot
mount -t 9p -o $O9P wsc0 /share || halt "cannot mount the share (tag wsc0)"
mount -t 9p -o $O9P,ro,cache=loose hostroot /newroot || halt "cannot mount host root"
R=/newroot
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
mount -t debugfs debugfs $R/sys/kernel/debug 2>/dev/null
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
mount -t tmpfs -o mode=755 tmpfs $R/run
# Table: TAG MODE PATH (in order; wsc0 is the SHARE_DIR). A virtio 9p tag
# can be mounted only once, so mount each at /mnt/TAG and bind it into place.
while read -r tag mode path; do
	[ -n "$tag" ] || continue
	src=/mnt/$tag
	[ "$tag" = wsc0 ] && src=/share
	if [ ! -d "$src" ]; then
		mkdir -p "$src"
		mount -t 9p -o $O9P,$mode "$tag" "$src" || halt "cannot mount $tag"
	fi
	mkdir -p "$R$path" 2>/dev/null
	mount --bind "$src" "$R$path" || halt "cannot bind $tag at $path"
done </share/.vm/mounts
# Kernel module requests (crypto for CCMP keys etc.) use the host's modprobe.
echo /bin/wsc-modprobe >/proc/sys/kernel/modprobe
msg "starting guest script"
chroot $R /bin/bash "$(cat /share/.vm/stage2.path)" >/share/guest.log 2>&1 </dev/null
echo $? >/share/guest.rc
msg "guest script finished, rc=$(cat /share/guest.rc)"
halt "powering off"
EOF
mapfile -t modfiles < <(for m in "${early_mods[@]}"; do modinfo -k "$kver" -n "$m"; done)
key=$( { echo "$kver"; sha256sum "$init_src" "$busybox" "${modfiles[@]}"; } | sha256sum | cut -c1-16)
initrd=$vmdir/initramfs-$key.cpio.gz
if [ ! -s "$initrd" ]; then
	rm -f "$vmdir"/initramfs-*.cpio.gz
	stage=$(mktemp -d "$vmdir/stage.XXXXXX") || die "mktemp failed"
	mkdir -p "$stage"/{bin,dev,proc,sys,etc,lib/early}
	cp "$busybox" "$stage/bin/busybox"
	for a in $("$busybox" --list); do
		[ -e "$stage/bin/$a" ] || ln -s busybox "$stage/bin/$a"
	done
	install -m 755 "$init_src" "$stage/init"
	cat >"$stage/bin/wsc-modprobe" <<'EOF'
#!/bin/busybox sh
exec /bin/busybox chroot /newroot /sbin/modprobe "$@"
EOF
	chmod 755 "$stage/bin/wsc-modprobe"
	for m in "${early_mods[@]}"; do
		f=$(modinfo -k "$kver" -n "$m")
		case $f in
		*.ko) cp "$f" "$stage/lib/early/$m.ko" ;;
		*.ko.xz) xz -dc "$f" >"$stage/lib/early/$m.ko" ;;
		*.ko.zst) zstd -qdc "$f" >"$stage/lib/early/$m.ko" ;;
		*.ko.gz) gzip -dc "$f" >"$stage/lib/early/$m.ko" ;;
		*) die "unsupported module file $f" ;;
		esac || die "cannot unpack $f"
		echo "$m" >>"$stage/etc/modules.early"
	done
	mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null
	if ! (cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) >"$initrd.tmp"; then
		die "cannot build initramfs"
	fi
	mv "$initrd.tmp" "$initrd"
	rm -rf "$stage"
fi

# ---- mount table + stage-2 launcher -------------------------------------
fsargs=(-fsdev "local,id=fsroot,path=/,security_model=none,readonly=on,multidevs=remap"
	-device "virtio-9p-pci,fsdev=fsroot,mount_tag=hostroot")
mounts=""
add_share() {  # TAG MODE PATH
	local ro=""
	[ "$2" = ro ] && ro=",readonly=on"
	fsargs+=(-fsdev "local,id=fs$1,path=$3,security_model=none,multidevs=remap$ro"
		-device "virtio-9p-pci,fsdev=fs$1,mount_tag=$1")
	mounts+="$1 $2 $3"$'\n'
}
add_share wsc0 rw "$share"
i=1
for s in "${shares[@]}"; do
	p=$(realpath -e -- "${s#*:}") || die "no such share dir: ${s#*:}"
	[ -d "$p" ] || die "share is not a directory: $p"
	check_path "$p"
	add_share "wsc$i" "${s%%:*}" "$p"
	i=$((i + 1))
done
# Shares are mounted in the order given; SHARE_DIR first, so a --share of a
# parent directory would hide it: mount SHARE_DIR again at the end.
[ ${#shares[@]} -gt 0 ] && mounts+="wsc0 rw $share"$'\n'
printf '%s' "$mounts" >"$vmdir/mounts"

stage2=$vmdir/stage2.sh
{
	echo '#!/bin/bash'
	echo '# generated by vm.sh: runs inside the guest chroot (host root)'
	printf 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n'
	printf 'export HOME=/root LANG=C.UTF-8 TERM=dumb WIFI_GUEST=1\n'
	printf 'export WIFI_SHARE=%q WIFI_RADIOS=%q WIFI_VM_DIR=%q\n' "$share" "$radios" "$vmdir"
	cat <<'EOF'
t_boot=$(cut -d' ' -f1 /proc/uptime)
hostname wsc-vm 2>/dev/null
ip link set lo up 2>/dev/null
if [ "$WIFI_RADIOS" -gt 0 ]; then
	if ! modprobe mac80211_hwsim radios="$WIFI_RADIOS"; then
		echo "vm: modprobe mac80211_hwsim failed" >&2; exit 125
	fi
	for _ in $(seq 100); do
		[ -e /sys/class/net/wlan$((WIFI_RADIOS - 1)) ] && break; sleep 0.1
	done
	rfkill unblock all 2>/dev/null
fi
echo "vm: kernel $(uname -r) booted in ${t_boot}s; $WIFI_RADIOS hwsim radios ready at $(cut -d' ' -f1 /proc/uptime)s"
EOF
	printf 'cd %q || exit 125\n' "$share"
	printf 'exec /bin/bash %q' "$script"
	for a in "$@"; do printf ' %q' "$a"; done
	echo
} >"$stage2"
printf '%s\n' "$stage2" >"$vmdir/stage2.path"

# ---- run qemu ------------------------------------------------------------
qpid=''
cleanup() {
	if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
		kill "$qpid" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$qpid" 2>/dev/null || break; sleep 0.2; done
		kill -9 "$qpid" 2>/dev/null
		wait "$qpid" 2>/dev/null
	fi
	qpid=''
}
trap cleanup EXIT
trap 'echo "vm.sh: interrupted" >&2; cleanup; exit 130' INT TERM

# qemu also dies if this script is SIGKILLed (when setpriv can arrange it).
deathsig=()
setpriv --pdeathsig KILL true 2>/dev/null && deathsig=(setpriv --pdeathsig KILL --)
t_start=$SECONDS
# -nodefaults: no NIC/VGA/floppy/cdrom; TCG only (KVM hangs on these hosts).
"${deathsig[@]}" "$qemu" -nodefaults -no-user-config -machine pc -accel tcg -cpu max \
	-m "$mem" -smp "$smp" -display none -monitor none -no-reboot \
	-serial "file:$share/console.log" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 rdinit=/init panic=-1 loglevel=4 mitigations=off random.trust_cpu=on" \
	"${fsargs[@]}" </dev/null >"$vmdir/qemu.out" 2>&1 &
qpid=$!

timed_out=0
while kill -0 "$qpid" 2>/dev/null; do
	if [ $((SECONDS - t_start)) -ge "$timeout" ]; then
		timed_out=1; cleanup; break
	fi
	sleep 0.5
done
qrc=137
if [ -n "$qpid" ]; then wait "$qpid"; qrc=$?; fi
qpid=''
elapsed=$((SECONDS - t_start))

if [ "$quiet" = 0 ] && [ -f "$share/guest.log" ]; then
	echo "----- guest.log -----"
	cat "$share/guest.log"
	echo "----- end guest.log -----"
fi
console_tail() { echo "----- console.log (tail) -----" >&2; tail -n 30 "$share/console.log" >&2 2>/dev/null; }

if [ "$timed_out" = 1 ]; then
	console_tail
	echo "vm.sh: TIMEOUT after ${timeout}s: qemu killed" >&2
	exit 124
fi
if ! grep -q 'WSC-VM: starting guest script' "$share/console.log" 2>/dev/null; then
	console_tail
	[ -s "$vmdir/qemu.out" ] && { echo "----- qemu output -----" >&2; cat "$vmdir/qemu.out" >&2; }
	echo "vm.sh: VM FAILED TO BOOT (qemu status $qrc); see $share/console.log" >&2
	exit 125
fi
if [ ! -s "$share/guest.rc" ]; then
	console_tail
	echo "vm.sh: guest.rc missing: the guest script did not finish (qemu status $qrc)" >&2
	exit 125
fi
rc=$(cat "$share/guest.rc")
echo "vm.sh: guest script exit status $rc, VM wall time ${elapsed}s" >&2
case $rc in ''|*[!0-9]*) exit 125 ;; esac
exit "$rc"
