/* pcapng writer: section header, two interfaces, enhanced packet blocks. */
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "capture.h"
#include "frames.h"

enum { IF_EAPOL = 0, IF_AIR = 1 };
enum { LINKTYPE_ETHERNET = 1, LINKTYPE_IEEE802_11_RADIOTAP = 127 };
#define SNAPLEN 65535

struct capture {
	FILE *f;
};

struct block {
	uint8_t b[2048];
	size_t len;
};

static void le16(struct block *k, uint16_t v)
{
	k->b[k->len++] = (uint8_t)v;
	k->b[k->len++] = (uint8_t)(v >> 8);
}

static void le32(struct block *k, uint32_t v)
{
	le16(k, (uint16_t)v);
	le16(k, (uint16_t)(v >> 16));
}

static void bytes(struct block *k, const void *p, size_t n)
{
	memcpy(k->b + k->len, p, n);
	k->len += n;
	while (k->len % 4) /* every field ends on a 32-bit boundary */
		k->b[k->len++] = 0;
}

static void option(struct block *k, uint16_t code, const char *text)
{
	le16(k, code);
	le16(k, (uint16_t)strlen(text));
	bytes(k, text, strlen(text));
}

/* Start a block: type and a length patched in by block_end. */
static void block_begin(struct block *k, uint32_t type)
{
	k->len = 0;
	le32(k, type);
	le32(k, 0);
}

static void block_end(struct capture *c, struct block *k)
{
	uint32_t total = (uint32_t)k->len + 4;
	le32(k, total);
	for (int i = 0; i < 4; i++)
		k->b[4 + i] = (uint8_t)(total >> (8 * i));
	fwrite(k->b, 1, k->len, c->f);
}

static void interface(struct capture *c, uint16_t linktype, const char *name,
		      const char *descr)
{
	struct block k;

	block_begin(&k, 1);
	le16(&k, linktype);
	le16(&k, 0);
	le32(&k, SNAPLEN);
	option(&k, 2, name);  /* if_name */
	option(&k, 3, descr); /* if_description */
	le32(&k, 0);          /* opt_endofopt */
	block_end(c, &k);
}

struct capture *capture_open(FILE *f)
{
	struct capture *c = malloc(sizeof(*c));
	struct block k;

	if (!c)
		return NULL;
	c->f = f;
	block_begin(&k, 0x0a0d0d0a);
	le32(&k, 0x1a2b3c4d); /* byte-order magic */
	le16(&k, 1);
	le16(&k, 0);
	le32(&k, 0xffffffff); /* section length: not given */
	le32(&k, 0xffffffff);
	option(&k, 4, "wsc sim"); /* shb_userappl */
	le32(&k, 0);
	block_end(c, &k);
	interface(c, LINKTYPE_ETHERNET, "eapol",
		  "EAPOL between stations and APs, as Ethernet frames");
	interface(c, LINKTYPE_IEEE802_11_RADIOTAP, "air",
		  "802.11 management frames with the WPS element");
	return c;
}

void capture_close(struct capture *c)
{
	free(c); /* the FILE is the caller's: sim_run flushed it */
}

static void packet(struct capture *c, uint32_t iface, uint64_t ms,
		   const uint8_t *hdr, size_t hlen, const uint8_t *body,
		   size_t blen)
{
	struct block k;
	uint64_t us = ms * 1000;
	uint32_t len = (uint32_t)(hlen + blen);

	if (len > sizeof(k.b) - 64)
		return;
	block_begin(&k, 6);
	le32(&k, iface);
	le32(&k, (uint32_t)(us >> 32));
	le32(&k, (uint32_t)us);
	le32(&k, len);
	le32(&k, len);
	memcpy(k.b + k.len, hdr, hlen);
	k.len += hlen;
	bytes(&k, body, blen);
	block_end(c, &k);
}

void capture_frame(sim *s, const struct air_frame *f)
{
	if (f->kind == AIR_MGMT) {
		uint8_t rt[RADIOTAP_LEN];
		frame_radiotap(rt);
		packet(s->capture, IF_AIR, s->now, rt, sizeof(rt), f->bytes,
		       f->len);
		return;
	}
	uint8_t eth[14];
	memcpy(eth, sim_dev(s, f->to)->info.mac, 6);
	memcpy(eth + 6, sim_dev(s, f->from)->info.mac, 6);
	eth[12] = 0x88;
	eth[13] = 0x8e;
	packet(s->capture, IF_EAPOL, s->now, eth, sizeof(eth), f->bytes,
	       f->len);
}
