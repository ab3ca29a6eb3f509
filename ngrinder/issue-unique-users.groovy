import static net.grinder.script.Grinder.grinder

import java.util.regex.Matcher
import java.util.regex.Pattern

import net.grinder.script.GTest
import net.grinder.scriptengine.groovy.junit.GrinderRunner
import net.grinder.scriptengine.groovy.junit.annotation.*
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.ngrinder.http.HTTPRequest
import org.ngrinder.http.HTTPRequestControl
import org.ngrinder.http.HTTPResponse

/**
 * nGrinder 3.5.9 scenario "unique users": every call issues the coupon to a user id that no other call, in any
 * agent, worker process, thread or run of this test, has used. It measures the issuance path itself: each request
 * is a first-time request, so the answers are "issued" until the stock is gone and "sold-out" after that.
 *
 *   POST {coupon.gatewayUrl}/api/v1/coupons/{coupon.couponId}/issue    (no body, X-USER-ID: the user id)
 *
 * How the report is built (see docs/ngrinder.md):
 *   test 1      "issue request": every request, timed. It passes for the correct answers of a flash sale (issued,
 *               already-issued, sold-out) and is an error for everything else.
 *   tests 2-13  one test per outcome, recorded once per request on a marker method that does nothing but pass or
 *               fail. Their counts (and TPS) are the per-outcome counts: test 2 per second is the issued/s.
 * nGrinder's summary adds all tests up, so its Tests, Errors and TPS are exactly twice the request counts.
 *
 * Settings (agent JVM -Dname=value first, then grinder.properties, then the default):
 *   coupon.gatewayUrl            http://127.0.0.1:8080
 *   coupon.couponId              1
 *   coupon.jwtSecret             empty: no Authorization header (only for a gateway in trusted-header mode);
 *                                else each request carries a token minted for its own user with this HS256
 *                                secret (the gateway's COUPON_JWT_SECRET; ./coupon up keeps its secret in
 *                                .coupon/run/secrets.properties)
 *   coupon.connectTimeoutMillis  3000
 *   coupon.responseTimeoutMillis 15000 (above the gateway's own 10 s, so its 504 is seen rather than ours)
 *   coupon.uniqueUserIdBase      1000000000000000000 (the first user id; see firstUserIdOfVuser)
 *
 * The build runs this file with nGrinder's own runtime against a lab suite, where that runtime is at hand
 * (NgrinderScriptsEndToEndTests, docs/ngrinder.md "How the build runs the scripts").
 */
@RunWith(GrinderRunner)
class IssueUniqueUsers {

	// ---------------------------------------------------------------- outcomes (kept identical in both issue scripts)

	/**
	 * Every outcome of an issue request: the name of its marker method, its nGrinder test number, the description
	 * shown in the report (no '/' or ',': nGrinder puts it into file names and CSV columns), and whether it passes.
	 */
	static final List<List<Object>> OUTCOMES = [
			['issued',         2,  'issued 201',                     true],
			['alreadyIssued',  3,  'already-issued 409',             true],
			['soldOut',        4,  'sold-out 409',                   true],
			['notOpen',        5,  'not-open 409',                   false],
			['invalidRequest', 6,  'invalid-request 400',            false],
			['couponNotFound', 7,  'coupon-not-found 404',           false],
			['other4xx',       8,  'other 4xx',                      false],
			['unavailable',    9,  'unavailable 503',                false],
			['badGateway',     10, 'bad-gateway 502',                false],
			['gatewayTimeout', 11, 'gateway-timeout 504',            false],
			['otherStatus',    12, 'other status',                   false],
			['noAnswer',       13, 'no answer - timeout or network', false]
	]

	/** Issued, already-issued and sold-out are the correct answers of a flash sale: they pass, the rest are errors. */
	static final Set<String> PASSING = OUTCOMES.findAll { it[3] }.collect { it[0] } as Set

	/** RFC 9457 problem details carry a stable "type"; a regex is enough to read it (no JSON library needed). */
	static final Pattern PROBLEM_TYPE = Pattern.compile(/"type"\s*:\s*"([^"]*)"/)

	/**
	 * Classifies one answer of POST .../issue. The order matters only for 409, whose three meanings are told
	 * apart by the problem type. Mirrors Outcome.of in coupon-lab (2xx, already-issued, sold-out, other 4xx,
	 * 5xx), with the failures split finer so that each shows as its own row.
	 */
	static String classifyIssue(int status, String body) {
		if (status >= 200 && status < 300) {
			return 'issued'    // the API answers 201 with {couponId, userId, position, acceptedAt, status}
		}
		String type = problemType(body)
		if (status == 409 && type.endsWith('/problems/already-issued')) {
			return 'alreadyIssued'
		}
		if (status == 409 && type.endsWith('/problems/sold-out')) {
			return 'soldOut'
		}
		if (status == 409 && type.endsWith('/problems/not-open')) {
			return 'notOpen'
		}
		if (status == 400) {
			return 'invalidRequest'
		}
		if (status == 404 && type.endsWith('/problems/coupon-not-found')) {
			return 'couponNotFound'
		}
		if (status >= 400 && status < 500) {
			return 'other4xx'
		}
		if (status == 503) {
			return 'unavailable'   // comes with Retry-After
		}
		if (status == 502) {
			return 'badGateway'    // the request may have been executed: the gateway does not retry it
		}
		if (status == 504) {
			return 'gatewayTimeout'
		}
		return 'otherStatus'       // 500 internal-error, any other 5xx, and 1xx or 3xx, which the API never sends
	}

	static String problemType(String body) {
		Matcher matcher = PROBLEM_TYPE.matcher(body ?: '')
		return matcher.find() ? matcher.group(1) : ''
	}

	// ---------------------------------------------------------------- the unique user id scheme

	// A vuser's user ids are base + offset, the offset's 18 decimal digits reading AA PPP TTTT SSSSSSSSS:
	// agent number, worker process index, thread number, and the vuser's own run sequence. Two vusers of one test
	// therefore never share an id, and a vuser never repeats one. The default base 10^18 makes every id a
	// 19-digit number starting with 1, far from the small ids of the pool scenario.
	static final long AGENTS = 100
	static final long PROCESSES_PER_AGENT = 1000
	static final long THREADS_PER_PROCESS = 10000
	static final long RUNS_PER_VUSER = 1000000000L
	static final long LARGEST_OFFSET = 999999999999999999L   // AGENTS * ... * RUNS_PER_VUSER - 1

	// ---------------------------------------------------------------- per process (set once in @BeforeProcess)

	static String issueUrl
	static long uniqueUserIdBase
	static String jwtSecret
	static HTTPRequest request
	static GTest issueTest
	static Map<String, GTest> outcomeTests = [:]

	// ---------------------------------------------------------------- per vuser (one instance per thread)

	private long firstUserIdOfVuser
	private long sequence = 0
	private long userId
	private int problemsLogged = 0

	static final int PROBLEMS_LOGGED_PER_VUSER = 5

	@BeforeProcess
	static void beforeProcess() {
		String gatewayUrl = setting('coupon.gatewayUrl', 'http://127.0.0.1:8080').replaceAll('/+$', '')
		long couponId = positiveLong('coupon.couponId', '1')
		uniqueUserIdBase = positiveLong('coupon.uniqueUserIdBase', '1000000000000000000')
		if (uniqueUserIdBase > Long.MAX_VALUE - LARGEST_OFFSET) {
			throw new IllegalArgumentException('coupon.uniqueUserIdBase must be at most '
					+ (Long.MAX_VALUE - LARGEST_OFFSET) + ' so that base + offset stays a 64-bit number')
		}
		// The gateway takes the user from a verified token only: every request carries its own user's token.
		jwtSecret = setting('coupon.jwtSecret', '')
		issueUrl = gatewayUrl + '/api/v1/coupons/' + couponId + '/issue'

		// The response (socket) timeout is read when an HTTPRequest is created, so it is set first.
		HTTPRequestControl.setConnectionTimeout(positiveLong('coupon.connectTimeoutMillis', '3000'))
		HTTPRequestControl.setSocketTimeout(positiveLong('coupon.responseTimeoutMillis', '15000'))
		// One HTTPRequest per process, as in nGrinder's template; it is safe to share because every call passes its
		// own headers (the request's shared default headers are never set).
		request = new HTTPRequest()

		issueTest = new GTest(1, 'issue request - all answers')
		for (List<Object> row : OUTCOMES) {
			outcomeTests.put(row[0] as String, new GTest(row[1] as int, row[2] as String))
		}
		grinder.logger.info('unique users: POST {} with user ids from {}, bearer tokens {}', issueUrl,
				uniqueUserIdBase, jwtSecret.isEmpty() ? 'not minted (no coupon.jwtSecret)' : 'minted per user')
	}

	@BeforeThread
	void beforeThread() {
		// GTest.record is per instance, and GrinderRunner makes one instance per thread.
		issueTest.record(this, 'issue')
		for (Map.Entry<String, GTest> each : outcomeTests.entrySet()) {
			each.value.record(this, each.key)
		}
		firstUserIdOfVuser = uniqueUserIdBase + vuserOffset()
		grinder.logger.info('vuser ids start at {}', firstUserIdOfVuser)
	}

	/** The offset of this vuser's ids: AA PPP TTTT followed by nine digits for the run sequence. */
	static long vuserOffset() {
		// The agent number is -1 only when no console started the process (an IDE run, one vuser).
		long agent = Math.max(grinder.agentNumber, 0)
		// Process numbers keep growing over an agent's life; minus the first one they index this test's processes.
		long process = grinder.processNumber - grinder.firstProcessNumber
		long thread = grinder.threadNumber
		if (process < 0 || thread < 0) {
			throw new IllegalStateException('no process or thread number (' + process + ', ' + thread + '): '
					+ 'vusers could share user ids')
		}
		if (agent >= AGENTS || process >= PROCESSES_PER_AGENT || thread >= THREADS_PER_PROCESS) {
			// Refuse rather than hand out ids that another vuser may also use.
			throw new IllegalStateException('the unique id scheme allows ' + AGENTS + ' agents, '
					+ PROCESSES_PER_AGENT + ' processes per agent and ' + THREADS_PER_PROCESS
					+ ' threads per process; got agent ' + agent + ', process ' + process + ', thread ' + thread)
		}
		return ((agent * PROCESSES_PER_AGENT + process) * THREADS_PER_PROCESS + thread) * RUNS_PER_VUSER
	}

	@Before
	void pickUser() {
		// The vuser counts its own runs (the same count as grinder.runNumber in a normal test), so the id never
		// depends on how the runner numbers runs.
		if (sequence >= RUNS_PER_VUSER) {
			throw new IllegalStateException('this vuser used all of its ' + RUNS_PER_VUSER + ' user ids')
		}
		userId = firstUserIdOfVuser + sequence
		sequence++
	}

	@Test
	void test() {
		String outcome = issue(userId)   // test 1: the timing of every request
		this."$outcome"()                // the outcome's own test: one count in its row
	}

	/** Recorded as test 1. Sends one issue request and returns its outcome; never throws. */
	String issue(long user) {
		HTTPResponse response
		try {
			response = request.POST(issueUrl, new byte[0], headersFor(user))
		} catch (Exception e) {
			// nGrinder wraps a timeout, a refused or a broken connection in a RuntimeException. There is no answer,
			// so the request may or may not have been executed.
			markCurrentTest(false)
			logProblem('noAnswer', user, e.toString())
			return 'noAnswer'
		}
		int status = response.getStatusCode()
		// A 2xx is classified by its status alone: the body is read only for problem details.
		String body = (status >= 200 && status < 300) ? '' : response.getBodyText()
		String outcome = classifyIssue(status, body)
		boolean passed = PASSING.contains(outcome)
		markCurrentTest(passed)
		if (!passed) {
			logProblem(outcome, user, status + ' ' + problemType(body) + retryAfter(response))
		}
		return outcome
	}

	// One marker method per outcome, doing nothing but pass or fail: GTest.record times methods, so calling one of
	// these adds one count to its outcome's row of the report. The names are the first column of OUTCOMES.
	void issued()         { settle('issued') }
	void alreadyIssued()  { settle('alreadyIssued') }
	void soldOut()        { settle('soldOut') }
	void notOpen()        { settle('notOpen') }
	void invalidRequest() { settle('invalidRequest') }
	void couponNotFound() { settle('couponNotFound') }
	void other4xx()       { settle('other4xx') }
	void unavailable()    { settle('unavailable') }
	void badGateway()     { settle('badGateway') }
	void gatewayTimeout() { settle('gatewayTimeout') }
	void otherStatus()    { settle('otherStatus') }
	void noAnswer()       { settle('noAnswer') }

	static void settle(String outcome) {
		markCurrentTest(PASSING.contains(outcome))
	}

	/**
	 * Sets whether the test now running passes. A test that returns normally counts as a success unless told
	 * otherwise, which is why a 4xx or 5xx must be marked here. Outside nGrinder (an IDE run) nothing is recorded
	 * and no test is in progress.
	 */
	static void markCurrentTest(boolean passed) {
		if (grinder.statistics.isTestInProgress()) {
			grinder.statistics.forCurrentTest.success = passed
		}
	}

	static Map<String, String> headersFor(long user) {
		// Header values must be java.lang.String: nGrinder converts the map with a String-typed converter.
		// X-USER-ID only counts in the gateway's trusted-header mode; in jwt mode it replaces it with the token's subject.
		Map<String, String> headers = ['X-USER-ID': Long.toString(user)]
		if (!jwtSecret.isEmpty()) {
			long expiresAt = System.currentTimeMillis().intdiv(1000) + TOKEN_LIFETIME_SECONDS
			headers.put('Authorization', 'Bearer ' + mintToken(jwtSecret, user, expiresAt))
		}
		return headers
	}

	static String retryAfter(HTTPResponse response) {
		try {
			String value = response.getHeader('Retry-After')?.getValue()
			return value == null ? '' : ' Retry-After ' + value
		} catch (Throwable ignored) {
			return ''   // only for the log: never let it change the classification
		}
	}

	/** Logs the first few failures of each vuser, so that a failure storm does not flood the agent's log. */
	void logProblem(String outcome, long user, String detail) {
		if (problemsLogged < PROBLEMS_LOGGED_PER_VUSER) {
			problemsLogged++
			grinder.logger.warn('{} for user {}: {}', outcome, user, detail)
		}
	}

	// ---------------------------------------------------------------- settings

	/** The agent JVM's system property (-Dname=value) first, then grinder.properties, then the default. */
	static String setting(String name, String fallback) {
		String value = System.getProperty(name)
		if (value == null || value.trim().isEmpty()) {
			value = grinder.getProperties()?.getProperty(name)
		}
		return (value == null || value.trim().isEmpty()) ? fallback : value.trim()
	}

	/** A positive 64-bit decimal, as the API expects for ids: no sign, no leading zero. */
	static long positiveLong(String name, String fallback) {
		String text = setting(name, fallback)
		if (!(text ==~ /[1-9][0-9]{0,18}/)) {
			throw new IllegalArgumentException(name + ' must be a positive 64-bit decimal, got "' + text + '"')
		}
		try {
			return Long.parseLong(text)
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(name + ' is above 9223372036854775807: "' + text + '"', e)
		}
	}

	/** How long a minted token stays valid: far longer than any test run. */
	static final long TOKEN_LIFETIME_SECONDS = 12 * 3600

	// ---------------------------------------------------------------- bearer tokens (begin; NgrinderScriptsTests runs
	// this part and compares its tokens with the lab's TokenMinter)

	/**
	 * Signs an HS256 token for one user, byte for byte as the lab's TokenMinter does: {"sub":"<user>","exp":<s>}.
	 * The gateway verifies it with the same secret and passes the subject on as X-USER-ID.
	 */
	static String mintToken(String secret, long user, long expiresAtEpochSecond) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding()
		String header = base64.encodeToString('{"alg":"HS256","typ":"JWT"}'.getBytes('US-ASCII'))
		String claims = '{"sub":"' + user + '","exp":' + expiresAtEpochSecond + '}'
		String signingInput = header + '.' + base64.encodeToString(claims.getBytes('UTF-8'))
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance('HmacSHA256')
		mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes('UTF-8'), 'HmacSHA256'))
		return signingInput + '.' + base64.encodeToString(mac.doFinal(signingInput.getBytes('US-ASCII')))
	}

	// ---------------------------------------------------------------- bearer tokens (end)

}
