#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "transport_linux.h"

#define ETH_P_EAPOL_ 0x888e

const uint8_t pae_group_addr[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x03 };

int eapol_open(struct eapol_sock *s, const char *ifname, char *err, size_t cap)
{
	struct sockaddr_ll ll = { 0 };
	struct packet_mreq mr = { 0 };
	struct ifreq ifr = { 0 };
	int e;

	s->fd = -1;
	if (strlen(ifname) >= IFNAMSIZ) {
		snprintf(err, cap, "%s: interface name too long", ifname);
		return -EINVAL;
	}
	s->ifindex = (int)if_nametoindex(ifname);
	if (!s->ifindex) {
		e = errno;
		snprintf(err, cap, "%s: no such interface", ifname);
		return -e;
	}
	s->fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       htons(ETH_P_EAPOL_));
	if (s->fd < 0) {
		e = errno;
		snprintf(err, cap, "AF_PACKET socket: %s%s", strerror(e),
			 e == EPERM ? " (needs root or CAP_NET_RAW)" : "");
		return -e;
	}
	strcpy(ifr.ifr_name, ifname);
	if (ioctl(s->fd, SIOCGIFHWADDR, &ifr) < 0)
		goto sys;
	memcpy(s->mac, ifr.ifr_hwaddr.sa_data, 6);
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_EAPOL_);
	ll.sll_ifindex = s->ifindex;
	if (bind(s->fd, (struct sockaddr *)&ll, sizeof(ll)) < 0)
		goto sys;
	/* receive frames sent to the PAE group address too */
	mr.mr_ifindex = s->ifindex;
	mr.mr_type = PACKET_MR_MULTICAST;
	mr.mr_alen = 6;
	memcpy(mr.mr_address, pae_group_addr, 6);
	if (setsockopt(s->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
		       sizeof(mr)) < 0)
		goto sys;
	return 0;
sys:
	e = errno;
	snprintf(err, cap, "%s: %s", ifname, strerror(e));
	close(s->fd);
	s->fd = -1;
	return -e;
}

void eapol_close(struct eapol_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

int eapol_send(struct eapol_sock *s, const uint8_t dst[6], const uint8_t *pdu,
	       size_t len)
{
	struct sockaddr_ll ll = { 0 };

	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_EAPOL_);
	ll.sll_ifindex = s->ifindex;
	ll.sll_halen = 6;
	memcpy(ll.sll_addr, dst, 6);
	if (sendto(s->fd, pdu, len, 0, (struct sockaddr *)&ll, sizeof(ll)) < 0)
		return -errno;
	return 0;
}

int eapol_recv(struct eapol_sock *s, uint8_t src[6], uint8_t *pdu, size_t cap)
{
	struct sockaddr_ll ll;
	socklen_t sl = sizeof(ll);
	ssize_t n = recvfrom(s->fd, pdu, cap, 0, (struct sockaddr *)&ll, &sl);

	if (n < 0)
		return -errno;
	if (ll.sll_pkttype == PACKET_OUTGOING || ll.sll_halen != 6 ||
	    ntohs(ll.sll_protocol) != ETH_P_EAPOL_)
		return -ENOMSG;
	memcpy(src, ll.sll_addr, 6);
	return (int)n;
}
