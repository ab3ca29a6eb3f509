package io.coupon.lab;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reading the end of a component's log.
 */
final class LogFiles {

	static final int TAIL_LINES = 30;

	private LogFiles() {
	}

	/**
	 * The last {@code lines} lines written at or after {@code fromOffset}.
	 */
	static String tail(Path file, long fromOffset, int lines) {
		List<String> all = linesFrom(file, fromOffset, 256 * 1024);
		return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	/**
	 * The lines written at or after {@code fromOffset}, at most the last {@code maxBytes} of them.
	 */
	static List<String> linesFrom(Path file, long fromOffset, int maxBytes) {
		if (!Files.isRegularFile(file)) {
			return List.of("(no log file " + file + ")");
		}
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
			long length = raf.length();
			long start = Math.min(Math.max(fromOffset, length - maxBytes), length);
			byte[] bytes = new byte[(int) (length - Math.max(start, 0))];
			raf.seek(Math.max(start, 0));
			raf.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8).lines().toList();
		}
		catch (IOException ex) {
			return List.of("(could not read " + file + ": " + ex.getMessage() + ")");
		}
	}

}
