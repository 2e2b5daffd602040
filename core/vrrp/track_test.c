// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
static void t_x(void **s){(void)s;}
int main(void){const struct CMUnitTest t[]={cmocka_unit_test(t_x)};return cmocka_run_group_tests(t,NULL,NULL);}
