#!/bin/sh
# .deb postrm (electron-builder deb.afterRemove). Removes the /usr/bin link. The kiosk user, /etc/cccd-kiosk and
# /var/lib/cccd-kiosk (outbox, audit log) stay: undelivered check-ins and the audit trail are not deleted by an
# uninstall; `purge` removes the user's folders only after the outbox is empty (see packaging/README.md).
set -e

rm -f '/usr/bin/${executable}'

if [ "$1" = "purge" ]; then
  if [ -d /var/lib/cccd-kiosk/outbox ] && [ -n "$(ls -A /var/lib/cccd-kiosk/outbox 2>/dev/null)" ]; then
    echo "cccd-kiosk: /var/lib/cccd-kiosk/outbox is not empty: kept (deliver or export it first)" >&2
  else
    rm -rf /var/lib/cccd-kiosk
  fi
fi

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi
