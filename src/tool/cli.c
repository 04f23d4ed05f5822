/*
 * `wsc cli`: the control client, hostapd_cli's twin. One command per call,
 * interactive with line editing and history, or -a SCRIPT to run a program
 * for every event (no shell in between).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>
#include <editline/readline.h>

#include "tool.h"
#include "util.h"

#define MSG_MAX 4096

struct conn {
	int fd;
	char local[108];
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int conn_open(struct conn *c, const char *dir, const char *iface)
{
	static int counter;
	struct sockaddr_un l = { .sun_family = AF_UNIX };
	struct sockaddr_un r = { .sun_family = AF_UNIX };

	c->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	/* a named local end, so that the daemon can answer */
	snprintf(c->local, sizeof(c->local), "/tmp/wsc_cli_%d-%d",
		 (int)getpid(), counter++);
	unlink(c->local);
	strcpy(l.sun_path, c->local);
	if ((size_t)snprintf(r.sun_path, sizeof(r.sun_path), "%s/%s", dir,
			     iface) >= sizeof(r.sun_path) ||
	    bind(c->fd, (struct sockaddr *)&l, sizeof(l)) < 0 ||
	    connect(c->fd, (struct sockaddr *)&r, sizeof(r)) < 0) {
		int e = errno;
		close(c->fd);
		unlink(c->local);
		errno = e;
		return -1;
	}
	return 0;
}

static void conn_close(struct conn *c)
{
	close(c->fd);
	unlink(c->local);
}

/* Send cmd and wait for its reply, skipping events ("<N>...") which are
 * printed when show_events. Returns reply length or -1. */
static int request(struct conn *c, const char *cmd, char *reply, size_t cap,
		   bool show_events)
{
	if (send(c->fd, cmd, strlen(cmd), 0) < 0)
		return -1;
	for (;;) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		int r = poll(&p, 1, 10000);
		if (r <= 0) {
			errno = r == 0 ? ETIMEDOUT : errno;
			return -1;
		}
		ssize_t n = recv(c->fd, reply, cap - 1, 0);
		if (n < 0)
			return -1;
		reply[n] = '\0';
		if (reply[0] == '<' && n > 3 && reply[2] == '>') {
			if (show_events)
				printf("%s\n", reply);
			continue;
		}
		return (int)n;
	}
}

/* hostapd_cli's command names: lower case with underscores on the line,
 * upper case on the wire; the arguments pass unchanged. */
static void wire_command(char *out, size_t cap, int argc, char **argv)
{
	/* as hostapd_cli: wps_config takes the SSID and the key as they
	 * are and sends them in hex */
	bool config = argc >= 4 && !strcasecmp(argv[0], "wps_config");
	size_t o = 0;

	for (int i = 0; i < argc && o + 1 < cap; i++) {
		const char *a = argv[i];
		if (i)
			out[o++] = ' ';
		if (config && (i == 1 || i == 4)) {
			size_t n = strlen(a);
			if (o + 2 * n + 1 > cap)
				n = (cap - o - 1) / 2;
			wsc_hex_encode((const uint8_t *)a, n, out + o);
			o += 2 * n;
			continue;
		}
		for (; *a && o + 1 < cap; a++)
			out[o++] = i == 0 && *a >= 'a' && *a <= 'z' ?
					   (char)(*a - 32) : *a;
	}
	out[o] = '\0';
}

static int one_command(struct conn *c, int argc, char **argv)
{
	char cmd[MSG_MAX], reply[MSG_MAX];
	int n;

	wire_command(cmd, sizeof(cmd), argc, argv);
	n = request(c, cmd, reply, sizeof(reply), false);
	if (n < 0) {
		fprintf(stderr, "wsc cli: '%s' failed: %s\n", cmd,
			strerror(errno));
		return 1;
	}
	fputs(reply, stdout);
	if (n && reply[n - 1] != '\n')
		putchar('\n');
	return !strncmp(reply, "FAIL", 4) ||
	       !strncmp(reply, "UNKNOWN COMMAND", 15) ? 1 : 0;
}

static void run_action(const char *script, const char *iface, char *event)
{
	char *argv[16];
	int argc = 0;
	pid_t pid;

	/* hostapd_cli passes: script IFACE EVENT [args...] */
	argv[argc++] = (char *)script;
	argv[argc++] = (char *)iface;
	for (char *save = NULL, *t = strtok_r(event, " ", &save);
	     t && argc < 15; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	pid = fork();
	if (pid == 0) {
		execv(script, argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static int action_loop(struct conn *c, const char *script, const char *iface)
{
	char reply[MSG_MAX];

	if (request(c, "ATTACH", reply, sizeof(reply), false) < 0 ||
	    strncmp(reply, "OK", 2)) {
		fprintf(stderr, "wsc cli: ATTACH failed\n");
		return 1;
	}
	while (!stop_flag) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		if (poll(&p, 1, 5000) <= 0) {
			/* is the daemon still there? */
			if (!stop_flag && request(c, "PING", reply,
						  sizeof(reply), false) < 0)
				return 1;
			continue;
		}
		ssize_t n = recv(c->fd, reply, sizeof(reply) - 1, 0);
		if (n <= 0)
			continue;
		reply[n] = '\0';
		if (reply[0] == '<' && n > 3 && reply[2] == '>')
			run_action(script, iface, reply + 3);
	}
	request(c, "DETACH", reply, sizeof(reply), false);
	return 0;
}

static int interactive(struct conn *c)
{
	char hist[512], reply[MSG_MAX];
	const char *home = getenv("HOME");
	char *line;

	snprintf(hist, sizeof(hist), "%s/.wsc_cli_history", home ? home : ".");
	read_history(hist);
	request(c, "ATTACH", reply, sizeof(reply), false);
	while (!stop_flag && (line = readline("> ")) != NULL) {
		char *argv[32];
		int argc = 0;

		/* like wpa_cli: commands that carry a PIN or a key stay out
		 * of the history file */
		if (*line && !strstr(line, "wps_pin") &&
		    !strstr(line, "wps_ap_pin") && !strstr(line, "wps_config") &&
		    !strstr(line, "wps_check_pin"))
			add_history(line);
		char copy[MSG_MAX];
		snprintf(copy, sizeof(copy), "%s", line);
		for (char *save = NULL, *t = strtok_r(copy, " \t", &save);
		     t && argc < 32; t = strtok_r(NULL, " \t", &save))
			argv[argc++] = t;
		free(line);
		if (!argc)
			continue;
		if (!strcmp(argv[0], "quit") || !strcmp(argv[0], "exit"))
			break;
		/* events that arrived meanwhile are printed first */
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		while (poll(&p, 1, 0) > 0) {
			ssize_t n = recv(c->fd, reply, sizeof(reply) - 1, 0);
			if (n <= 0)
				break;
			reply[n] = '\0';
			printf("%s\n", reply);
		}
		one_command(c, argc, argv);
	}
	request(c, "DETACH", reply, sizeof(reply), false);
	write_history(hist);
	return 0;
}

static const char *first_iface(const char *dir, char *buf, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(buf, cap, "%s", e->d_name);
		closedir(d);
		return buf;
	}
	closedir(d);
	return NULL;
}

int cmd_cli(int argc, char **argv)
{
	const char *dir = "/var/run/hostapd", *iface = NULL, *script = NULL;
	char found[256];
	struct conn c;
	int opt, rc;

	optind = 1;
	if (argc > 1 && !strcmp(argv[1], "--help"))
		argv[1] = "-h";
	while ((opt = getopt(argc, argv, "+p:i:a:h")) != -1) {
		switch (opt) {
		case 'p': dir = optarg; break;
		case 'i': iface = optarg; break;
		case 'a': script = optarg; break;
		case 'h':
			printf("usage: wsc cli [-p DIR] [-i IFACE] [-a SCRIPT] "
			       "[COMMAND [ARGS...]]\n"
			       "commands: wps_pbc, wps_pin <uuid|any> <pin> "
			       "[timeout] [addr], wps_cancel,\n"
			       "  wps_check_pin <pin>, wps_ap_pin disable|random "
			       "[t]|get|set <pin> [t],\n"
			       "  wps_config <ssid> <auth> <encr> <key>, "
			       "wps_get_status, status,\n  ping, reload, "
			       "log_level [level]\n");
			return 0;
		default:
			return 2;
		}
	}
	if (!iface && !(iface = first_iface(dir, found, sizeof(found)))) {
		fprintf(stderr, "wsc cli: no control socket in %s\n", dir);
		return 1;
	}
	if (conn_open(&c, dir, iface) < 0) {
		fprintf(stderr, "wsc cli: %s/%s: %s\n", dir, iface,
			strerror(errno));
		return 1;
	}
	/* a hang-up (the terminal or ssh gone) too ends it cleanly, so its
	 * socket file in /tmp goes */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	if (script)
		rc = action_loop(&c, script, iface);
	else if (optind < argc)
		rc = one_command(&c, argc - optind, argv + optind);
	else
		rc = interactive(&c);
	conn_close(&c);
	return rc;
}
