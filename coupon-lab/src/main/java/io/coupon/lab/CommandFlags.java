package io.coupon.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --name value} and {@code --name=value} flags of a command, in the order given; what each means is the
 * command's business.
 */
public final class CommandFlags {

	private CommandFlags() {
	}

	/**
	 * @param args the flags, with the command and its positional arguments already removed
	 * @throws IllegalArgumentException when the last flag has no value
	 */
	public static List<Flag> parse(List<String> args) {
		List<Flag> flags = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				flags.add(new Flag(arg.substring(0, equals), arg.substring(equals + 1), arg));
			}
			else if (i + 1 < args.size()) {
				flags.add(new Flag(arg, args.get(++i), arg));
			}
			else {
				throw new IllegalArgumentException("Missing value for " + arg);
			}
		}
		return flags;
	}

	/**
	 * @param name e.g. {@code --rate}
	 * @param arg the argument the flag was read from, for error messages
	 */
	public record Flag(String name, String value, String arg) {

	}

}
