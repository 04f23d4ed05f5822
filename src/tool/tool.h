/* The wsc program's commands. */
#ifndef WSC_TOOL_H
#define WSC_TOOL_H

int cmd_ap(int argc, char **argv);
int cmd_sta(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_sim(int argc, char **argv);
int cmd_cli(int argc, char **argv);

#endif
