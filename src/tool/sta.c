#include "tool.h"
int cmd_sta(int argc, char **argv) { (void)argc; (void)argv; return 1; }
