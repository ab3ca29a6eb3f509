package io.coupon.lab;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyShell;
import io.coupon.lab.check.ReadOutcome;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without nGrinder's jars (not on Maven Central) the scripts cannot be compiled here, but their syntax can be
 * checked: Groovy parses each one into a syntax tree without resolving a single class. Where nGrinder's runtime is
 * at hand, ngrinder-tests' NgrinderScriptsEndToEndTests runs them under it. The parts that use no
 * nGrinder class, such as read-status.groovy's classification, can be cut out of that tree and run.
 */
class NgrinderScriptsTests {

	private static final Path SCRIPTS = Path.of("").toAbsolutePath().getParent().resolve("ngrinder");

	@Test
	void shouldParseEveryScriptAsAGrinderRunnerTest() throws Exception {
		List<Path> scripts;
		try (Stream<Path> files = Files.list(SCRIPTS)) {
			scripts = files.filter((file) -> file.toString().endsWith(".groovy")).sorted().toList();
		}
		assertThat(scripts).extracting((script) -> script.getFileName().toString())
			.containsExactly("issue-unique-users.groovy", "issue-user-pool.groovy", "read-status.groovy");
		for (Path script : scripts) {
			CompilationUnit unit = new CompilationUnit();
			unit.addSource(script.toFile());
			// Throws CompilationFailedException, naming the line, on any syntax error.
			unit.compile(Phases.CONVERSION);
			String source = Files.readString(script);
			assertThat(source).as(script.toString()).contains("@RunWith(GrinderRunner)");
		}
	}

	@Test
	void shouldMintExactlyTheLabsTokensForEachUser() throws Exception {
		String secret = "a-secret-for-the-parity-test-0123456789";
		String expected = new TokenMinter(secret).token("42", Instant.ofEpochSecond(2_000_000_000L));
		for (String name : List.of("issue-unique-users.groovy", "issue-user-pool.groovy", "read-status.groovy")) {
			String source = Files.readString(SCRIPTS.resolve(name));
			int begin = source.indexOf("// ---------------------------------------------------------------- bearer tokens (begin");
			int end = source.indexOf("// ---------------------------------------------------------------- bearer tokens (end)");
			assertThat(begin).as(name).isPositive();
			assertThat(end).as(name).isGreaterThan(begin);
			// The script's own minting code, run on its own: nGrinder's classes are not needed for it.
			Object minted = new GroovyShell().evaluate(source.substring(begin, end)
					+ "\nmintToken('" + secret + "', 42L, 2000000000L)");
			assertThat(minted).as(name).isEqualTo(expected);
			assertThat(source).as(name).contains("coupon.jwtSecret").doesNotContain("coupon.bearerToken");
		}
	}

	@Test
	void shouldTellTheIssueOutcomesApartLikeTheLab() throws Exception {
		for (String name : List.of("issue-unique-users.groovy", "issue-user-pool.groovy")) {
			String source = Files.readString(SCRIPTS.resolve(name));
			assertThat(source).as(name)
				.contains("X-USER-ID")
				.contains("/problems/already-issued")
				.contains("/problems/sold-out");
		}
	}

	@Test
	void shouldClassifyStatusReadsExactlyLikeTheLabsReadStatusScenario() throws Exception {
		Class<?> script = readStatusClassification();
		Method classify = script.getMethod("classifyStatusRead", int.class, String.class);
		String problem = "{\"type\":\"https://coupon.example/problems/%s\",\"title\":\"t\",\"status\":%d}";
		List<Object[]> answers = List.of(new Object[] { 200, "{\"couponId\":1,\"userId\":7,\"status\":\"PENDING\"}" },
				new Object[] { 200, "{\"couponId\":1,\"userId\":7,\"status\" : \"ISSUED\"}" },
				new Object[] { 200, "{\"couponId\":1,\"userId\":7,\"status\":\"REVOKED\"}" },
				new Object[] { 200, "" }, new Object[] { 200, null },
				new Object[] { 404, problem.formatted("issue-not-found", 404) },
				new Object[] { 404, problem.formatted("coupon-not-found", 404) },
				new Object[] { 404, problem.formatted("not-found", 404) }, new Object[] { 404, "" },
				new Object[] { 400, problem.formatted("invalid-request", 400) },
				new Object[] { 409, problem.formatted("issue-not-found", 409) },
				new Object[] { 405, problem.formatted("method-not-allowed", 405) },
				new Object[] { 503, problem.formatted("unavailable", 503) },
				new Object[] { 502, problem.formatted("bad-gateway", 502) },
				new Object[] { 504, problem.formatted("gateway-timeout", 504) },
				new Object[] { 500, problem.formatted("internal", 500) }, new Object[] { 201, "{\"status\":\"ISSUED\"}" },
				new Object[] { 301, "" });
		for (Object[] answer : answers) {
			int status = (Integer) answer[0];
			String body = (String) answer[1];
			assertThat(ReadOutcome.ofStatusRead(status, body).ngrinderMarker())
				.as("%d %s", status, body)
				.isEqualTo(classify.invoke(null, status, body));
		}
	}

	@Test
	void shouldKnowEveryOutcomeOfTheReadStatusScriptAndWhetherItPasses() throws Exception {
		Class<?> script = readStatusClassification();
		Field field = script.getDeclaredField("OUTCOMES");
		field.setAccessible(true);
		List<?> rows = (List<?>) field.get(null);
		List<String> scriptOutcomes = new ArrayList<>();
		for (Object row : rows) {
			List<?> columns = (List<?>) row;
			String marker = (String) columns.get(0);
			scriptOutcomes.add(marker);
			ReadOutcome outcome = Arrays.stream(ReadOutcome.values())
				.filter((each) -> marker.equals(each.ngrinderMarker()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("The lab has no outcome for the script's " + marker));
			assertThat(outcome.description()).as(marker).isEqualTo(columns.get(2));
			assertThat(outcome.passes()).as(marker).isEqualTo(columns.get(3));
		}
		// The lab's outcomes without a marker are the coupon read's, which the script records as test 1.
		assertThat(Arrays.stream(ReadOutcome.values()).map(ReadOutcome::ngrinderMarker).filter((m) -> m != null))
			.containsExactlyElementsOf(scriptOutcomes);
	}

	/**
	 * read-status.groovy's classification, cut out of its syntax tree (the OUTCOMES table, its regexes,
	 * classifyStatusRead and firstGroup: no nGrinder class among them) and compiled on its own.
	 */
	private static Class<?> readStatusClassification() throws Exception {
		Path script = SCRIPTS.resolve("read-status.groovy");
		CompilationUnit unit = new CompilationUnit();
		unit.addSource(script.toFile());
		unit.compile(Phases.CONVERSION);
		ClassNode readStatus = unit.getAST()
			.getClasses()
			.stream()
			.filter((node) -> node.getNameWithoutPackage().equals("ReadStatus"))
			.findFirst()
			.orElseThrow();
		List<String> lines = Files.readAllLines(script);
		StringBuilder extracted = new StringBuilder("import java.util.regex.Matcher\nimport java.util.regex.Pattern\n"
				+ "class ReadStatusClassification {\n");
		for (String field : List.of("OUTCOMES", "PASSING", "PROBLEM_TYPE", "ISSUE_STATUS")) {
			extracted.append(source(lines, readStatus.getField(field)));
		}
		for (String method : List.of("classifyStatusRead", "firstGroup")) {
			extracted.append(source(lines, readStatus.getMethods(method).getFirst()));
		}
		extracted.append("}\n");
		try (GroovyClassLoader loader = new GroovyClassLoader()) {
			return loader.parseClass(extracted.toString());
		}
	}

	private static String source(List<String> lines, ASTNode node) {
		assertThat(node).isNotNull();
		return String.join("\n", lines.subList(node.getLineNumber() - 1, node.getLastLineNumber())) + "\n";
	}

}
