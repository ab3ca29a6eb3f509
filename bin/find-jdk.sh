# Sourced by ./coupon, ./mvnw's callers and .ci/run: exports JAVA_HOME pointing at a JDK 25 or newer.
# Order: $JAVA_HOME if it is new enough, the `java` on PATH if it is, then JDKs installed under /usr/lib/jvm.

coupon_java_major() {
	"$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }'
}

coupon_find_jdk() {
	local candidate major
	for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
		[ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
		major=$(coupon_java_major "$candidate/bin/java")
		if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
			echo "$candidate"
			return 0
		fi
	done
	return 1
}

if ! COUPON_JDK=$(coupon_find_jdk); then
	echo "error: a JDK 25 or newer is required (checked \$JAVA_HOME, the java on PATH and /usr/lib/jvm/*)." >&2
	echo "       Install one (for example Temurin 25) and point JAVA_HOME at it." >&2
	return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$COUPON_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
