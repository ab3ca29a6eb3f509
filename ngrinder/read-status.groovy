import static net.grinder.script.Grinder.grinder

import java.util.concurrent.ThreadLocalRandom
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
 * nGrinder 3.5.9 scenario "read status": each run reads the coupon's counts and one user's issuance, the two
 * reads a client makes while it waits for its coupon. It measures the read path next to (or after) an issue run.
 *
 *   GET {coupon.gatewayUrl}/api/v1/coupons/{coupon.couponId}                   totalQuantity, issuedQuantity, ...
 *   GET {coupon.gatewayUrl}/api/v1/coupons/{coupon.couponId}/issues/{userId}   PENDING, ISSUED, or 404
 *
 * How the report is built (see docs/ngrinder.md):
 *   test 1      "GET coupon counts", timed. Passes on 200, unless the counts show more issued than the stock.
 *   test 2      "GET issue status": every status read, timed. Passes on 200 PENDING, 200 ISSUED and
 *               404 issue-not-found (a user without a coupon is a correct answer, not an error).
 *   tests 3-13  one test per outcome of test 2, recorded once per status read on a marker method that does
 *               nothing but pass or fail.
 * nGrinder's summary adds all tests up: its counts are test 1 + twice test 2.
 *
 * Settings (agent JVM -Dname=value first, then grinder.properties, then the default):
 *   coupon.gatewayUrl            http://127.0.0.1:8080
 *   coupon.couponId              1
 *   coupon.jwtSecret             empty: no Authorization header (only for a gateway in trusted-header mode);
 *                                else each request carries a token minted for its own user with this HS256
 *                                secret (the gateway's COUPON_JWT_SECRET; ./coupon up keeps its secret in
 *                                .coupon/run/secrets.properties)
 *   coupon.connectTimeoutMillis  3000
 *   coupon.responseTimeoutMillis 15000
 *   coupon.readUserIdBase        coupon.poolUserIdBase, else 1     user ids are drawn from
 *   coupon.readUserIdCount       coupon.poolSize, else 20000       [base, base + count): the pool scenario's ids
 *
 * The build runs this file with nGrinder's own runtime against a lab suite, where that runtime is at hand
 * (NgrinderScriptsEndToEndTests, docs/ngrinder.md "How the build runs the scripts").
 */
@RunWith(GrinderRunner)
class ReadStatus {

	// ---------------------------------------------------------------- outcomes of the status read

	/**
	 * Every outcome of GET .../issues/{userId}: the name of its marker method, its nGrinder test number, the
	 * description shown in the report (no '/' or ',': nGrinder puts it into file names and CSV columns), and
	 * whether it passes.
	 */
	static final List<List<Object>> OUTCOMES = [
			['pending',        3,  'status PENDING 200',             true],
			['issued',         4,  'status ISSUED 200',              true],
			['notIssued',      5,  'issue-not-found 404',            true],
			['couponNotFound', 6,  'coupon-not-found 404',           false],
			['invalidRequest', 7,  'invalid-request 400',            false],
			['other4xx',       8,  'other 4xx',                      false],
			['unavailable',    9,  'unavailable 503',                false],
			['badGateway',     10, 'bad-gateway 502',                false],
			['gatewayTimeout', 11, 'gateway-timeout 504',            false],
			['otherStatus',    12, 'other status or body',           false],
			['noAnswer',       13, 'no answer - timeout or network', false]
	]

	static final Set<String> PASSING = OUTCOMES.findAll { it[3] }.collect { it[0] } as Set

	// Regexes are enough to read these small, flat JSON answers (no JSON library needed).
	static final Pattern PROBLEM_TYPE = Pattern.compile(/"type"\s*:\s*"([^"]*)"/)
	static final Pattern ISSUE_STATUS = Pattern.compile(/"status"\s*:\s*"([A-Z_]+)"/)
	static final Pattern TOTAL_QUANTITY = Pattern.compile(/"totalQuantity"\s*:\s*([0-9]+)/)
	static final Pattern ISSUED_QUANTITY = Pattern.compile(/"issuedQuantity"\s*:\s*([0-9]+)/)

	/** Classifies one answer of GET .../issues/{userId}. */
	static String classifyStatusRead(int status, String body) {
		if (status == 200) {
			String value = firstGroup(ISSUE_STATUS, body)
			if (value == 'PENDING') {
				return 'pending'   // accepted and confirmed by Kafka, not yet written to MySQL by the worker
			}
			if (value == 'ISSUED') {
				return 'issued'    // the worker has written the row
			}
			return 'otherStatus'
		}
		String type = firstGroup(PROBLEM_TYPE, body)
		if (status == 404 && type.endsWith('/problems/issue-not-found')) {
			return 'notIssued'
		}
		if (status == 404 && type.endsWith('/problems/coupon-not-found')) {
			return 'couponNotFound'
		}
		if (status == 400) {
			return 'invalidRequest'
		}
		if (status >= 400 && status < 500) {
			return 'other4xx'
		}
		if (status == 503) {
			return 'unavailable'
		}
		if (status == 502) {
			return 'badGateway'
		}
		if (status == 504) {
			return 'gatewayTimeout'
		}
		return 'otherStatus'
	}

	static String firstGroup(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher(body ?: '')
		return matcher.find() ? matcher.group(1) : ''
	}

	// ---------------------------------------------------------------- per process (set once in @BeforeProcess)

	static String couponUrl
	static long readUserIdBase
	static long readUserIdCount
	static String jwtSecret
	static HTTPRequest request
	static GTest couponTest
	static GTest statusTest
	static Map<String, GTest> outcomeTests = [:]

	// ---------------------------------------------------------------- per vuser (one instance per thread)

	private long userId
	private int problemsLogged = 0

	static final int PROBLEMS_LOGGED_PER_VUSER = 5

	@BeforeProcess
	static void beforeProcess() {
		String gatewayUrl = setting('coupon.gatewayUrl', 'http://127.0.0.1:8080').replaceAll('/+$', '')
		long couponId = positiveLong('coupon.couponId', '1')
		// By default the reads hit the ids of the pool scenario, so that some users hold a coupon and some do not.
		readUserIdBase = positiveLong('coupon.readUserIdBase', setting('coupon.poolUserIdBase', '1'))
		readUserIdCount = positiveLong('coupon.readUserIdCount', setting('coupon.poolSize', '20000'))
		if (readUserIdBase > Long.MAX_VALUE - (readUserIdCount - 1)) {
			throw new IllegalArgumentException(
					'coupon.readUserIdBase + coupon.readUserIdCount - 1 must stay a 64-bit number')
		}
		// The gateway takes the user from a verified token only: every request carries its own user's token.
		jwtSecret = setting('coupon.jwtSecret', '')
		couponUrl = gatewayUrl + '/api/v1/coupons/' + couponId

		// The response (socket) timeout is read when an HTTPRequest is created, so it is set first.
		HTTPRequestControl.setConnectionTimeout(positiveLong('coupon.connectTimeoutMillis', '3000'))
		HTTPRequestControl.setSocketTimeout(positiveLong('coupon.responseTimeoutMillis', '15000'))
		// One HTTPRequest per process, as in nGrinder's template; the shared default headers are never set.
		request = new HTTPRequest()

		couponTest = new GTest(1, 'GET coupon counts')
		statusTest = new GTest(2, 'GET issue status - all answers')
		for (List<Object> row : OUTCOMES) {
			outcomeTests.put(row[0] as String, new GTest(row[1] as int, row[2] as String))
		}
		grinder.logger.info('read status: GET {} and its issues of user ids [{}, {}], bearer tokens {}', couponUrl,
				readUserIdBase, readUserIdBase + (readUserIdCount - 1), jwtSecret.isEmpty() ? 'not minted (no coupon.jwtSecret)' : 'minted per user')
	}

	@BeforeThread
	void beforeThread() {
		// GTest.record is per instance, and GrinderRunner makes one instance per thread.
		couponTest.record(this, 'readCoupon')
		statusTest.record(this, 'readIssueStatus')
		for (Map.Entry<String, GTest> each : outcomeTests.entrySet()) {
			each.value.record(this, each.key)
		}
	}

	@Before
	void pickUser() {
		userId = readUserIdBase + ThreadLocalRandom.current().nextLong(readUserIdCount)
	}

	@Test
	void test() {
		readCoupon()                               // test 1
		String outcome = readIssueStatus(userId)   // test 2: the timing of every status read
		this."$outcome"()                          // the outcome's own test: one count in its row
	}

	/** Recorded as test 1. Never throws. */
	void readCoupon() {
		HTTPResponse response
		try {
			response = request.GET(couponUrl, [:], authorization(userId))
		} catch (Exception e) {
			markCurrentTest(false)
			logProblem('coupon read: no answer', e.toString())
			return
		}
		int status = response.getStatusCode()
		String body = response.getBodyText()
		if (status != 200) {
			markCurrentTest(false)
			logProblem('coupon read: ' + status, firstGroup(PROBLEM_TYPE, body))
			return
		}
		// issuedQuantity counts the users holding a slot; above totalQuantity the coupon was oversold.
		String total = firstGroup(TOTAL_QUANTITY, body)
		String issued = firstGroup(ISSUED_QUANTITY, body)
		boolean oversold = !total.isEmpty() && !issued.isEmpty() && Long.parseLong(issued) > Long.parseLong(total)
		markCurrentTest(!oversold)
		if (oversold) {
			logProblem('coupon read: OVERSOLD', body)
		}
	}

	/** Recorded as test 2. Reads one user's issuance and returns its outcome; never throws. */
	String readIssueStatus(long user) {
		HTTPResponse response
		try {
			response = request.GET(couponUrl + '/issues/' + user, [:], authorization(user))
		} catch (Exception e) {
			// A timeout, a refused or a broken connection: nGrinder wraps them in a RuntimeException.
			markCurrentTest(false)
			logProblem('noAnswer for user ' + user, e.toString())
			return 'noAnswer'
		}
		int status = response.getStatusCode()
		String body = response.getBodyText()
		String outcome = classifyStatusRead(status, body)
		boolean passed = PASSING.contains(outcome)
		markCurrentTest(passed)
		if (!passed) {
			logProblem(outcome + ' for user ' + user, status + ' ' + body)
		}
		return outcome
	}

	// One marker method per outcome, doing nothing but pass or fail: GTest.record times methods, so calling one of
	// these adds one count to its outcome's row of the report. The names are the first column of OUTCOMES.
	void pending()        { settle('pending') }
	void issued()         { settle('issued') }
	void notIssued()      { settle('notIssued') }
	void couponNotFound() { settle('couponNotFound') }
	void invalidRequest() { settle('invalidRequest') }
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
	 * Sets whether the test now running passes (a test that returns normally counts as a success unless told
	 * otherwise). Outside nGrinder (an IDE run) nothing is recorded and no test is in progress.
	 */
	static void markCurrentTest(boolean passed) {
		if (grinder.statistics.isTestInProgress()) {
			grinder.statistics.forCurrentTest.success = passed
		}
	}

	/** The read user's own token: the gateway lets a user read only their own issuance. */
	static Map<String, String> authorization(long user) {
		// Header values must be java.lang.String: nGrinder converts the map with a String-typed converter.
		Map<String, String> headers = [:]
		if (!jwtSecret.isEmpty()) {
			long expiresAt = System.currentTimeMillis().intdiv(1000) + TOKEN_LIFETIME_SECONDS
			headers.put('Authorization', 'Bearer ' + mintToken(jwtSecret, user, expiresAt))
		}
		return headers
	}

	/** Logs the first few failures of each vuser, so that a failure storm does not flood the agent's log. */
	void logProblem(String what, String detail) {
		if (problemsLogged < PROBLEMS_LOGGED_PER_VUSER) {
			problemsLogged++
			grinder.logger.warn('{}: {}', what, detail)
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
