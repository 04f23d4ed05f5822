/* The nl80211 station transport (see wifi.h), through libnl-genl. */
#include <dirent.h>
#include <errno.h>
#include <linux/nl80211.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util.h"
#include "wifi.h"

#define IE_SSID 0
#define IE_DS 3
#define IE_RSN 48
#define CAP_PRIVACY 0x0010
#define REASON_DEAUTH_LEAVING 3

struct wifi {
	struct nl_sock *cmd;     /* requests and their replies */
	struct nl_sock *ev;      /* the scan and mlme multicast groups */
	int family;
	int ifindex;
	char ifname[IFNAMSIZ];
	bool associated;
	int idle_fd;             /* served while waiting (wifi_set_idle) */
	void (*idle_fn)(void *ud);
	void *idle_ud;
	volatile sig_atomic_t *stop;
};

/* ------------------------------------------------------ requests */

struct reply {
	int err;
	bool done;
	int (*fn)(struct nl_msg *msg, void *arg);
	void *arg;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct reply *r = arg;

	return r->fn ? r->fn(msg, r->arg) : NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct reply *r = arg;

	(void)nla;
	r->err = e->error;
	r->done = true;
	return NL_STOP;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct reply *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static struct nl_msg *new_msg(const struct wifi *w, uint8_t cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	if (m && (!genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, w->family, 0,
			       flags, cmd, 0) ||
		  nla_put_u32(m, NL80211_ATTR_IFINDEX, (uint32_t)w->ifindex))) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

/* Send msg (consumed), hand each reply to fn, wait for the ACK or the end
 * of a dump. Returns 0 or -errno. */
static int request(struct wifi *w, struct nl_msg *msg,
		   int (*fn)(struct nl_msg *, void *), void *arg)
{
	struct reply r = { .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int e;

	if (!msg)
		return -ENOMEM;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	e = nl_send_auto(w->cmd, msg);
	nlmsg_free(msg);
	if (e < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);
	while (!r.done)
		if (nl_recvmsgs(w->cmd, cb) < 0 && !r.done) {
			r.err = -EIO;
			break;
		}
	nl_cb_put(cb);
	return r.err;
}

/* ------------------------------------------------------- events */

struct wait {
	const struct wifi *w;
	uint8_t want[2];         /* commands that end the wait */
	uint8_t got;             /* 0 until one came */
	int status;              /* CONNECT: the AP's status code */
	bool timed_out;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct wait *wt = arg;
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NL80211_ATTR_MAX + 1];

	if (nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(g, 0),
		      genlmsg_attrlen(g, 0), NULL) < 0 || wt->got ||
	    !tb[NL80211_ATTR_IFINDEX] ||
	    (int)nla_get_u32(tb[NL80211_ATTR_IFINDEX]) != wt->w->ifindex)
		return NL_SKIP;
	if (g->cmd != wt->want[0] && g->cmd != wt->want[1])
		return NL_SKIP;
	wt->got = g->cmd;
	if (tb[NL80211_ATTR_STATUS_CODE])
		wt->status = nla_get_u16(tb[NL80211_ATTR_STATUS_CODE]);
	wt->timed_out = tb[NL80211_ATTR_TIMED_OUT] != NULL;
	return NL_SKIP;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* Read the event socket until one of wt->want arrives for our interface
 * or timeout_ms passes (wt == NULL: just discard what is queued); the idle
 * descriptor is served meanwhile, and a stop request ends the wait with
 * -EINTR. */
static int wait_event(struct wifi *w, struct wait *wt, int timeout_ms)
{
	struct wait none = { .w = w };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	uint64_t end = now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);

	if (!cb)
		return -ENOMEM;
	if (!wt)
		wt = &none;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, wt);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	for (;;) {
		while (!wt->got && nl_recvmsgs(w->ev, cb) >= 0)
			;
		uint64_t now = now_ms();
		if (wt->got || wt == &none || now >= end ||
		    (w->stop && *w->stop))
			break;
		struct pollfd p[2] = {
			{ .fd = nl_socket_get_fd(w->ev), .events = POLLIN },
			{ .fd = w->idle_fn ? w->idle_fd : -1, .events = POLLIN } };
		if (poll(p, 2, (int)(end - now)) > 0 && (p[1].revents & POLLIN))
			w->idle_fn(w->idle_ud);
	}
	nl_cb_put(cb);
	return wt->got ? 0 : w->stop && *w->stop ? -EINTR : -ETIMEDOUT;
}

/* ------------------------------------------------ open and close */

static int get_iftype(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NL80211_ATTR_MAX + 1];

	if (nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(g, 0),
		      genlmsg_attrlen(g, 0), NULL) >= 0 &&
	    tb[NL80211_ATTR_IFTYPE])
		*(int *)arg = (int)nla_get_u32(tb[NL80211_ATTR_IFTYPE]);
	return NL_SKIP;
}

/* The phy's rfkill switches, from sysfs: "soft", "hard" or NULL. */
static const char *rfkill_blocked(const char *ifname)
{
	char dir[128], path[400];
	const char *why = NULL;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "/sys/class/net/%s/phy80211", ifname);
	d = opendir(dir);
	while (d && !why && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "rfkill", 6))
			continue;
		for (int k = 0; k < 2 && !why; k++) {
			const char *kind = k ? "soft" : "hard";
			snprintf(path, sizeof(path), "%s/%s/%s", dir, e->d_name,
				 kind);
			FILE *f = fopen(path, "r");
			if (f && fgetc(f) == '1')
				why = kind;
			if (f)
				fclose(f);
		}
	}
	if (d)
		closedir(d);
	return why;
}

static bool if_up(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool up = false;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		up = ifr.ifr_flags & IFF_UP;
	if (fd >= 0)
		close(fd);
	return up;
}

static int connect_socks(struct wifi *w)
{
	static const char *const groups[] = { "scan", "mlme" };

	w->cmd = nl_socket_alloc();
	w->ev = nl_socket_alloc();
	if (!w->cmd || !w->ev || genl_connect(w->cmd) || genl_connect(w->ev))
		return -ENOMEM;
	w->family = genl_ctrl_resolve(w->cmd, "nl80211");
	if (w->family < 0)
		return -ENODEV;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		int g = genl_ctrl_resolve_grp(w->cmd, "nl80211", groups[i]);
		if (g < 0 || nl_socket_add_membership(w->ev, g))
			return -EIO;
	}
	nl_socket_disable_seq_check(w->ev);
	return nl_socket_set_nonblocking(w->ev) ? -EIO : 0;
}

void wifi_close(struct wifi *w)
{
	if (!w)
		return;
	nl_socket_free(w->cmd);
	nl_socket_free(w->ev);
	free(w);
}

/* Opens the sockets and checks ifname is an nl80211 interface: 0, or
 * -ENODEV (no nl80211), -ENOENT (no such interface), -ENOTSUP (not
 * wireless), another -errno. */
static int open_quiet(struct wifi **out, const char *ifname, int *iftype)
{
	struct wifi *w = calloc(1, sizeof(*w));
	int e;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	snprintf(w->ifname, sizeof(w->ifname), "%s", ifname);
	w->ifindex = (int)if_nametoindex(ifname);
	e = !w->ifindex ? -ENOENT : connect_socks(w);
	if (!e) {
		*iftype = -1;
		e = request(w, new_msg(w, NL80211_CMD_GET_INTERFACE, 0),
			    get_iftype, iftype);
		e = e == -ENODEV || e == -EINVAL || e == -EOPNOTSUPP ? -ENOTSUP :
									e;
	}
	if (e) {
		wifi_close(w);
		return e;
	}
	*out = w;
	return 0;
}

void wifi_set_idle(struct wifi *w, int fd, void (*fn)(void *ud), void *ud,
		   volatile sig_atomic_t *stop)
{
	w->idle_fd = fd;
	w->idle_fn = fd >= 0 ? fn : NULL;
	w->idle_ud = ud;
	w->stop = stop;
}

int wifi_wait(struct wifi *w, int ms)
{
	/* no event ends this wait: NL80211_CMD_UNSPEC is never sent */
	struct wait wt = { .w = w };

	return wait_event(w, &wt, ms) == -EINTR ? -EINTR : 0;
}

int wifi_is_wireless(const char *ifname)
{
	struct wifi *w;
	int type;

	if (open_quiet(&w, ifname, &type))
		return 0;
	wifi_close(w);
	return 1;
}

int wifi_open(struct wifi **out, const char *ifname, char *err, size_t cap)
{
	int type = -1, e = open_quiet(out, ifname, &type);
	const char *rf;

	switch (e) {
	case 0: break;
	case -ENOENT:
		snprintf(err, cap, "%s: no such interface", ifname);
		return e;
	case -ENODEV:
		snprintf(err, cap, "no wireless device: this kernel has no "
			 "nl80211 (cfg80211 not loaded?)");
		return e;
	case -ENOTSUP:
		snprintf(err, cap, "%s: not a wireless interface", ifname);
		return e;
	default:
		snprintf(err, cap, "%s: nl80211: %s", ifname, strerror(-e));
		return e;
	}
	if (type != NL80211_IFTYPE_STATION) {
		snprintf(err, cap, "%s: not in station mode (iw dev %s set type "
			 "managed)", ifname, ifname);
		e = -EINVAL;
	} else if ((rf = rfkill_blocked(ifname)) != NULL) {
		snprintf(err, cap, "%s: radio blocked by rfkill (%s)%s", ifname,
			 rf, *rf == 's' ? "; rfkill unblock wifi" : "");
		e = -ERFKILL;
	} else if (!if_up(ifname)) {
		snprintf(err, cap, "%s: interface is down (ip link set %s up)",
			 ifname, ifname);
		e = -ENETDOWN;
	}
	if (e) {
		wifi_close(*out);
		*out = NULL;
	}
	return e;
}

static void explain(const struct wifi *w, int e, const char *what, char *err,
		    size_t cap)
{
	snprintf(err, cap, "%s: %s: %s%s", w->ifname, what, strerror(-e),
		 e == -EPERM ? " (needs root or CAP_NET_ADMIN)" :
		 e == -ERFKILL ? " (rfkill)" :
		 e == -ENETDOWN ? " (ip link set IFACE up)" :
		 e == -EALREADY ? " (already connected: another program "
				  "manages this interface?)" : "");
}

/* ---------------------------------------------------------- scan */

static int channel_of(uint32_t mhz)
{
	if (mhz == 2484)
		return 14;
	if (mhz >= 2412 && mhz < 2484)
		return (int)(mhz - 2407) / 5;
	if (mhz >= 5955 && mhz <= 7115)
		return (int)(mhz - 5950) / 5;
	if (mhz >= 5000 && mhz < 5950)
		return (int)(mhz - 5000) / 5;
	return 0;
}

/* The elements that matter besides WPS: SSID, DS channel, RSN. */
static void read_ies(const uint8_t *p, size_t len, struct wifi_bss *b)
{
	for (size_t off = 0; off + 2 <= len && p[off + 1] <= len - off - 2;
	     off += 2u + p[off + 1]) {
		uint8_t id = p[off], n = p[off + 1];
		if (id == IE_SSID && n <= 32) {
			memcpy(b->ssid, p + off + 2, n);
			b->ssid_len = n;
		} else if (id == IE_DS && n == 1 && !b->channel) {
			b->channel = p[off + 2];
		} else if (id == IE_RSN) {
			b->rsn = true;
		}
	}
}

static bool ies_wps(const struct nlattr *a, wsc_ie *out)
{
	return a && wsc_ie_parse(nla_data(a), (size_t)nla_len(a), out) == 0;
}

static uint64_t tsf(const struct nlattr *a)
{
	return a && nla_len(a) == 8 ? nla_get_u64(a) : 0;
}

/* The WPS element. cfg80211 keeps a probe response's elements as "the"
 * elements once one was heard, later beacons only as beacon elements: a
 * probe response missed by the last scan (an AP slow to answer) would show
 * an old state. So the registrar state comes from whichever of the two is
 * newer by the AP's clock; the device strings only probe responses carry. */
static void read_wps(struct nlattr **bss, struct wifi_bss *b)
{
	const struct nlattr *ies = bss[NL80211_BSS_INFORMATION_ELEMENTS],
			    *bies = bss[NL80211_BSS_BEACON_IES];
	bool presp = bss[NL80211_BSS_PRESP_DATA] != NULL;
	wsc_ie beacon;

	if (ies)
		read_ies(nla_data(ies), (size_t)nla_len(ies), b);
	else if (bies)
		read_ies(nla_data(bies), (size_t)nla_len(bies), b);
	b->b.has_wps = ies_wps(ies, &b->b.wps);
	if (!ies_wps(bies, &beacon))
		return;
	if (!b->b.has_wps) {
		b->b.wps = beacon;
		b->b.has_wps = true;
		return;
	}
	if (!presp || tsf(bss[NL80211_BSS_BEACON_TSF]) <= tsf(bss[NL80211_BSS_TSF]))
		return;
	wsc_ie *w = &b->b.wps;
	w->wps_state = beacon.wps_state;
	w->ap_setup_locked = beacon.ap_setup_locked;
	w->selected_registrar = beacon.selected_registrar;
	w->dev_pw_id = beacon.dev_pw_id;
	w->sel_reg_config_methods = beacon.sel_reg_config_methods;
	memcpy(w->authorized_macs, beacon.authorized_macs,
	       sizeof(w->authorized_macs));
	w->n_authorized = beacon.n_authorized;
	if (beacon.has_uuid) {
		memcpy(w->uuid, beacon.uuid, WSC_UUID_LEN);
		w->has_uuid = true;
	}
}

struct dump {
	struct wifi_bss *out;
	size_t n, cap;
	uint32_t max_age_ms;     /* older entries predate this scan */
};

static bool attr_len(const struct nlattr *a, int len)
{
	return a && nla_len(a) == len;
}

static int on_bss(struct nl_msg *msg, void *arg)
{
	struct dump *d = arg;
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NL80211_ATTR_MAX + 1], *bss[NL80211_BSS_MAX + 1];
	struct wifi_bss *b;

	if (nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(g, 0),
		      genlmsg_attrlen(g, 0), NULL) < 0 || !tb[NL80211_ATTR_BSS] ||
	    nla_parse_nested(bss, NL80211_BSS_MAX, tb[NL80211_ATTR_BSS],
			     NULL) < 0 || !attr_len(bss[NL80211_BSS_BSSID], 6) ||
	    d->n == d->cap)
		return NL_SKIP;
	if (attr_len(bss[NL80211_BSS_SEEN_MS_AGO], 4) &&
	    nla_get_u32(bss[NL80211_BSS_SEEN_MS_AGO]) > d->max_age_ms)
		return NL_SKIP;
	b = &d->out[d->n++];
	memset(b, 0, sizeof(*b));
	memcpy(b->b.bssid, nla_data(bss[NL80211_BSS_BSSID]), 6);
	if (attr_len(bss[NL80211_BSS_FREQUENCY], 4))
		b->freq = nla_get_u32(bss[NL80211_BSS_FREQUENCY]);
	if (attr_len(bss[NL80211_BSS_SIGNAL_MBM], 4))
		b->b.signal_mbm = (int32_t)nla_get_u32(bss[NL80211_BSS_SIGNAL_MBM]);
	if (attr_len(bss[NL80211_BSS_CAPABILITY], 2))
		b->privacy = nla_get_u16(bss[NL80211_BSS_CAPABILITY]) &
			     CAP_PRIVACY;
	read_wps(bss, b);
	b->channel = b->channel ? b->channel : channel_of(b->freq);
	return NL_SKIP;
}

static int trigger(struct wifi *w, const uint8_t *ie, size_t ie_len)
{
	struct nl_msg *m = new_msg(w, NL80211_CMD_TRIGGER_SCAN, 0);
	struct nlattr *ssids;

	if (!m)
		return -ENOMEM;
	/* one wildcard SSID: an active scan */
	ssids = nla_nest_start(m, NL80211_ATTR_SCAN_SSIDS);
	if (!ssids || nla_put(m, 1, 0, "")) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	nla_nest_end(m, ssids);
	if (ie_len && nla_put(m, NL80211_ATTR_IE, (int)ie_len, ie)) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	return request(w, m, NULL, NULL);
}

int wifi_scan(struct wifi *w, const uint8_t *ie, size_t ie_len,
	      struct wifi_bss *out, size_t cap, int timeout_ms, char *err,
	      size_t errcap)
{
	struct wait wt = { .w = w, .want = { NL80211_CMD_NEW_SCAN_RESULTS,
					     NL80211_CMD_SCAN_ABORTED } };
	uint64_t start = now_ms(), end = start + (uint64_t)timeout_ms;
	struct dump d = { .out = out, .cap = cap };
	int e;

	wait_event(w, NULL, 0);
	/* another program's scan in progress: wait for it to end */
	while ((e = trigger(w, ie, ie_len)) == -EBUSY && now_ms() < end)
		if (wifi_wait(w, 200) == -EINTR)
			return -EINTR;
	if (e) {
		explain(w, e, "scan", err, errcap);
		return e;
	}
	e = wait_event(w, &wt, (int)(end - now_ms()));
	if (e == -EINTR)
		return e;
	if (!e && wt.got == NL80211_CMD_SCAN_ABORTED)
		e = -ECANCELED;
	if (e) {
		explain(w, e, "scan", err, errcap);
		return e;
	}
	d.max_age_ms = (uint32_t)(now_ms() - start) + 100;
	e = request(w, new_msg(w, NL80211_CMD_GET_SCAN, NLM_F_DUMP), on_bss,
		    &d);
	if (e) {
		explain(w, e, "scan results", err, errcap);
		return e;
	}
	return (int)d.n;
}

/* ------------------------------------------------ associate, leave */

int wifi_connect(struct wifi *w, const struct wifi_bss *b, const uint8_t *ie,
		 size_t ie_len, int timeout_ms, char *err, size_t errcap)
{
	struct wait wt = { .w = w, .want = { NL80211_CMD_CONNECT,
					     NL80211_CMD_DISCONNECT } };
	struct nl_msg *m = new_msg(w, NL80211_CMD_CONNECT, 0);
	int e;

	wait_event(w, NULL, 0);
	/* WPS: open system, no RSN; the privacy bit must match the AP's
	 * for cfg80211 to find it, though no key is set */
	if (!m || nla_put(m, NL80211_ATTR_MAC, 6, b->b.bssid) ||
	    nla_put(m, NL80211_ATTR_SSID, b->ssid_len, b->ssid) ||
	    (b->freq && nla_put_u32(m, NL80211_ATTR_WIPHY_FREQ, b->freq)) ||
	    nla_put_u32(m, NL80211_ATTR_AUTH_TYPE,
			NL80211_AUTHTYPE_OPEN_SYSTEM) ||
	    (b->privacy && nla_put_flag(m, NL80211_ATTR_PRIVACY)) ||
	    nla_put(m, NL80211_ATTR_IE, (int)ie_len, ie)) {
		nlmsg_free(m);
		snprintf(err, errcap, "out of memory");
		return -ENOMEM;
	}
	e = request(w, m, NULL, NULL);
	if (e) {
		explain(w, e, "connect", err, errcap);
		return e;
	}
	w->associated = true;
	e = wait_event(w, &wt, timeout_ms);
	if (!e && wt.got == NL80211_CMD_CONNECT && wt.status == 0)
		return 0;
	if (e)
		snprintf(err, errcap, "%s: no answer to the association", w->ifname);
	else if (wt.timed_out)
		snprintf(err, errcap, "%s: association timed out", w->ifname);
	else
		snprintf(err, errcap, "%s: association refused (status %d)",
			 w->ifname, wt.status);
	wifi_disconnect(w);
	return e ? e : -ECONNREFUSED;
}

void wifi_disconnect(struct wifi *w)
{
	struct wait wt = { .w = w, .want = { NL80211_CMD_DISCONNECT } };
	struct nl_msg *m;

	if (!w || !w->associated)
		return;
	w->associated = false;
	wait_event(w, NULL, 0);
	m = new_msg(w, NL80211_CMD_DISCONNECT, 0);
	if (m && nla_put_u16(m, NL80211_ATTR_REASON_CODE,
			     REASON_DEAUTH_LEAVING)) {
		nlmsg_free(m);
		return;
	}
	if (request(w, m, NULL, NULL) == 0)
		wait_event(w, &wt, 1000);
}
