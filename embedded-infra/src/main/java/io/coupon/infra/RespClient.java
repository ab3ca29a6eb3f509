package io.coupon.infra;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough RESP to talk to a real Redis without adding a client library: the infrastructure's tests and the lab's
 * probes send a handful of commands and need nothing more.
 */
public final class RespClient implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	public RespClient(int port) throws IOException {
		this("127.0.0.1", port);
	}

	public RespClient(String host, int port) throws IOException {
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress(host, port), 2000);
		this.socket.setSoTimeout(5000);
		this.out = this.socket.getOutputStream();
		this.in = new BufferedInputStream(this.socket.getInputStream());
	}

	/**
	 * Sends a command; returns a String (simple or bulk), a Long, a List, or null.
	 */
	public Object call(String... command) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.UTF_8));
		for (String part : command) {
			byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
			request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
			request.writeBytes(bytes);
			request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		this.out.write(request.toByteArray());
		this.out.flush();
		return read();
	}

	private Object read() throws IOException {
		int type = this.in.read();
		String line = readLine();
		return switch (type) {
			case '+' -> line;
			case '-' -> throw new IOException("Redis error: " + line);
			case ':' -> Long.parseLong(line);
			case '$' -> {
				int length = Integer.parseInt(line);
				if (length < 0) {
					yield null;
				}
				byte[] bytes = this.in.readNBytes(length + 2);
				yield new String(bytes, 0, length, StandardCharsets.UTF_8);
			}
			case '*' -> {
				int count = Integer.parseInt(line);
				List<Object> items = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					items.add(read());
				}
				yield items;
			}
			default -> throw new IOException("Unexpected RESP type " + type);
		};
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int current = this.in.read();
			if (current == -1) {
				throw new IOException("Connection closed");
			}
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(current);
			previous = current;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
