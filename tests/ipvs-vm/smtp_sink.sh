#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: a minimal SMTP responder for the ipvs-vm guest (busybox nc -ll -e): one
# connection on stdin/stdout.  Answers 220 / 250 / 354 / 221 and writes the
# message it received (the DATA lines, CR removed) to $SINK_DIR/mail.N, N the
# uptime in centiseconds and this shell's pid (arrival order when sorted).
dir=${SINK_DIR:-/tmp/mails}
mkdir -p "$dir"
f="$dir/mail.$(cut -d' ' -f1 /proc/uptime | tr -d .).$$"
printf '220 sink.example ESMTP\r\n'
while IFS= read -r line; do
	line=$(printf '%s' "$line" | tr -d '\r')
	case $line in
	HELO*|EHLO*|MAIL*|RCPT*) printf '250 OK\r\n' ;;
	DATA)
		printf '354 End data with <CR><LF>.<CR><LF>\r\n'
		: >"$f.tmp"
		while IFS= read -r d; do
			d=$(printf '%s' "$d" | tr -d '\r')
			[ "$d" = . ] && break
			printf '%s\n' "$d" >>"$f.tmp"
		done
		mv "$f.tmp" "$f"
		printf '250 OK\r\n' ;;
	QUIT) printf '221 Bye\r\n'; exit 0 ;;
	*) printf '500 what\r\n' ;;
	esac
done
