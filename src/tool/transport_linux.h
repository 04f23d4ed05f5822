/* EAPOL over an AF_PACKET socket on a named Ethernet-like interface. */
#ifndef WSC_TRANSPORT_LINUX_H
#define WSC_TRANSPORT_LINUX_H

#include <stddef.h>
#include <stdint.h>

struct eapol_sock {
	int fd;
	int ifindex;
	uint8_t mac[6];
};

extern const uint8_t pae_group_addr[6];

/* Returns 0 or -errno; err gets a readable reason. */
int eapol_open(struct eapol_sock *s, const char *ifname, char *err,
	       size_t cap);
void eapol_close(struct eapol_sock *s);
/* Send one EAPOL PDU to dst. */
int eapol_send(struct eapol_sock *s, const uint8_t dst[6], const uint8_t *pdu,
	       size_t len);
/* Receive one frame: returns PDU length (>= 0) with src filled, or -errno.
 * Frames of other EtherTypes, or sent by us, return -ENOMSG; -EAGAIN
 * means nothing is waiting. */
int eapol_recv(struct eapol_sock *s, uint8_t src[6], uint8_t *pdu, size_t cap);

#endif
