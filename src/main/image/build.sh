#!/usr/bin/env bash
# Builds Caravan's container image into a file, target/caravan-image.tar (`docker save` format, tagged
# caravan:<version>), with no container engine and no registry:
#   1. a Debian 12 base with a JRE 17 and the user caravan (uid/gid 185, the Helm chart's runAsUser), installed
#      from Debian's packages by mmdebstrap and cached in ~/.cache/caravan-image (made again only when the recipe
#      below changes; delete that folder to take Debian's newest security updates; Jib caches its layers there too);
#   2. routes/ added on top as its own small layer (umoci), the base saved as a docker archive (skopeo), because
#      Quarkus' Jib build only adds the application itself;
#   3. Quarkus' Jib build of the application onto that base (mvn package with the container-image extension),
#      handed to docker-to-tar, which writes the file.
# Usage: src/main/image/build.sh [Maven arguments, e.g. -o]. Needs Debian's mmdebstrap, umoci and skopeo, and root
# (or unprivileged user namespaces) for mmdebstrap. Load the result with `podman load -i target/caravan-image.tar`
# or copy it to a registry with `skopeo copy docker-archive:target/caravan-image.tar docker://<registry>/caravan:<tag>`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
project=$PWD
image_tool_dir=$project/src/main/image

for tool in mmdebstrap umoci skopeo mvn; do
    command -v "$tool" >/dev/null || {
        echo "build.sh: $tool is missing (apt-get install mmdebstrap umoci skopeo; Maven 3.8+)" >&2
        exit 1
    }
done

# The image's tag is the project's version without -SNAPSHOT: the chart's appVersion, its default tag.
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
tag=${version%-SNAPSHOT}
uid=185 # the chart's securityContext.runAsUser / runAsGroup / fsGroup

# --- 1. The Debian base with a JRE (cached) -----------------------------------------------------------------------
# minbase without apt (variant essential): the JRE and CA certificates with their dependencies, no documentation.
# The man1 folder must exist although man pages are left out: the JRE's postinst links java.1.gz there.
base_recipe=(
    --variant=essential
    --include=openjdk-17-jre-headless,ca-certificates
    --aptopt='Apt::Install-Recommends "false"'
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
    --essential-hook='mkdir -p "$1/usr/share/man/man1"'
    --customize-hook="echo 'caravan:x:$uid:$uid:Caravan:/var/lib/caravan:/usr/sbin/nologin' >>\"\$1/etc/passwd\""
    --customize-hook="echo 'caravan:x:$uid:' >>\"\$1/etc/group\""
    --customize-hook="install -d -o $uid -g $uid -m 0750 \"\$1/var/lib/caravan\""
    --customize-hook='rm -f "$1/etc/resolv.conf" "$1/etc/hostname"' # the build machine's: the runtime provides its own
    bookworm
)
mirrors=(
    "deb http://deb.debian.org/debian bookworm main"
    "deb http://deb.debian.org/debian bookworm-updates main"
    "deb http://deb.debian.org/debian-security bookworm-security main"
)
# The image's environment: a PATH for the entrypoint's shell, and UTF-8 as the JVM's default charset (JDK 17 takes
# it from the locale, and the bare C locale would make it ASCII).
base_config=(
    --config.env='PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    --config.env='LANG=C.UTF-8'
)
key=$(printf '%s\n' "${base_recipe[@]}" "${mirrors[@]}" "${base_config[@]}" | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/caravan-image
base_oci=$cache/base-$key
if [ ! -d "$base_oci" ]; then
    echo "build.sh: making the Debian base $key in $cache (a minute or two)"
    mkdir -p "$cache"
    rm -rf "$base_oci.part" "$base_oci.rootfs.tar"
    # stdin from /dev/null: mmdebstrap would otherwise read extra sources from it.
    mmdebstrap --quiet "${base_recipe[@]}" "$base_oci.rootfs.tar" "${mirrors[@]}" </dev/null
    umoci init --layout "$base_oci.part"
    umoci new --image "$base_oci.part:base"
    umoci raw add-layer --image "$base_oci.part:base" --history.created_by="mmdebstrap ${base_recipe[*]}" \
        "$base_oci.rootfs.tar"
    umoci config --image "$base_oci.part:base" "${base_config[@]}"
    rm "$base_oci.rootfs.tar"
    mv "$base_oci.part" "$base_oci"
    find "$cache" -mindepth 1 -maxdepth 1 -name 'base-*' ! -name "base-$key" -exec rm -rf {} + # older recipes
fi

# --- 2. routes/ on top, saved for Jib -----------------------------------------------------------------------------
work=$project/target/image
rm -rf "$work"
mkdir -p "$work"
cp -r "$base_oci" "$work/oci"
# routes/ at /deployments/routes (routes-dir "routes", relative to the working directory /deployments), read-only
# for the user; data -> /var/lib/caravan, so that the default data-dir "data" is the writable volume.
mkdir -p "$work/layer/deployments"
cp -r routes "$work/layer/deployments/routes"
ln -s /var/lib/caravan "$work/layer/deployments/data"
tar --create --file "$work/routes.tar" --sort=name --owner=0 --group=0 --numeric-owner --mode='u=rwX,go=rX' \
    --mtime=@0 -C "$work/layer" deployments
umoci raw add-layer --image "$work/oci:base" --history.created_by="caravan routes/" "$work/routes.tar"
skopeo copy --quiet "oci:$work/oci:base" "docker-archive:$work/base.tar:caravan-base:$key"

# --- 3. The application, by Quarkus' Jib build ------------------------------------------------------------------
# The entrypoint goes through sh so that JAVA_OPTS_APPEND (set by the chart) reaches the JVM; exec makes java PID 1,
# so it receives SIGTERM itself (graceful shutdown).
export CARAVAN_IMAGE_TAR=$project/target/caravan-image.tar
rm -f "$CARAVAN_IMAGE_TAR"
mvn -B "$@" package -DskipTests \
    -Dquarkus.container-image.build=true \
    -Dquarkus.container-image.image="caravan:$tag" \
    -Dquarkus.jib.base-jvm-image="tar://$work/base.tar" \
    -Dquarkus.jib.docker-executable-name="$image_tool_dir/docker-to-tar" \
    -Dquarkus.jib.offline-mode=true \
    -Dquarkus.jib.base-image-layers-cache="$cache/jib" \
    -Dquarkus.jib.application-layers-cache="$work/jib" \
    -Dquarkus.jib.user="$uid:$uid" \
    -Dquarkus.jib.working-directory=/deployments \
    -Dquarkus.jib.ports=2525,2587,8080 \
    -Dquarkus.jib.jvm-entrypoint='/bin/sh,-c,exec java $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar "$@",caravan'
test -s "$CARAVAN_IMAGE_TAR"
echo "build.sh: caravan:$tag in $CARAVAN_IMAGE_TAR ($(du -h "$CARAVAN_IMAGE_TAR" | cut -f1))"
