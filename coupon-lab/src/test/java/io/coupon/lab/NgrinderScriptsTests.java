package io.coupon.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nGrinder scripts cannot be compiled here (nGrinder's jars are not on Maven Central), but their syntax can be
 * checked: Groovy parses each one into a syntax tree without resolving a single class.
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
	void shouldTellTheIssueOutcomesApartLikeTheLab() throws Exception {
		for (String name : List.of("issue-unique-users.groovy", "issue-user-pool.groovy")) {
			String source = Files.readString(SCRIPTS.resolve(name));
			assertThat(source).as(name)
				.contains("X-USER-ID")
				.contains("/problems/already-issued")
				.contains("/problems/sold-out");
		}
	}

}
