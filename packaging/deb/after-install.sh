#!/bin/sh
# .deb postinst (electron-builder deb.afterInstall; ${executable} and ${sanitizedProductName} are filled in by
# electron-builder). Besides what electron-builder's own script does (the /usr/bin link, chrome-sandbox mode),
# it makes the kiosk's system user and its folders. It does not enable or start the service: a kiosk needs its
# configuration first (packaging/README.md).
set -e

ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'

# Chromium sandboxes with unprivileged user namespaces; the unit's NoNewPrivileges rules out the setuid helper.
chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true

if ! getent passwd cccd-kiosk >/dev/null; then
  adduser --system --group --home /var/lib/cccd-kiosk --no-create-home --shell /usr/sbin/nologin cccd-kiosk
fi
for g in video render input; do
  if getent group "$g" >/dev/null; then adduser cccd-kiosk "$g" >/dev/null; fi
done

install -d -m 0750 -o root -g cccd-kiosk /etc/cccd-kiosk
install -d -m 0750 -o root -g cccd-kiosk /etc/cccd-kiosk/csca
install -d -m 0700 -o cccd-kiosk -g cccd-kiosk /var/lib/cccd-kiosk

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi
