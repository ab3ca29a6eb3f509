package io.coupon.api.support;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Refuses what a request carries besides its path and body that its handler does not read, instead of letting
 * Spring MVC drop it: a query parameter the handler does not declare with {@code @RequestParam}, one it declares
 * once but that is given twice, and path parameters ({@code /api/v1/coupons/1;x=y}, which would read coupon 1).
 * Otherwise {@code POST /api/v1/coupons?totalQuantity=5} would look as if it set the stock.
 * <p>
 * A request with neither, such as every issue request, costs one scan of its URI for {@code ';'} and one null check.
 */
class UndeclaredParameterInterceptor implements HandlerInterceptor {

	private final Map<Method, Declared> declared = new ConcurrentHashMap<>();

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getRequestURI().indexOf(';') >= 0) {
			throw invalid("path parameters (';' in the path) are not accepted");
		}
		String query = request.getQueryString();
		if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod method)) {
			return true;
		}
		Declared accepted = this.declared.computeIfAbsent(method.getMethod(), (key) -> Declared.of(method));
		UriComponentsBuilder.newInstance().query(query).build().getQueryParams().forEach((encoded, values) -> {
			String name = UriUtils.decode(encoded, StandardCharsets.UTF_8);
			if (!accepted.any() && !accepted.single().contains(name) && !accepted.multiple().contains(name)) {
				throw invalid(name + ": unknown query parameter; "
						+ (accepted.names().isEmpty() ? "this endpoint takes none" : "known: " + accepted.names()));
			}
			if (values.size() > 1 && accepted.single().contains(name)) {
				throw invalid(name + ": given " + values.size() + " times; give it once");
			}
		});
		return true;
	}

	private static ProblemException invalid(String detail) {
		return new ProblemException(ProblemType.INVALID_REQUEST, detail);
	}

	/**
	 * The query parameters a handler reads: each {@code @RequestParam}, taken once unless it is a collection or an
	 * array; a {@code @RequestParam Map} takes any.
	 */
	private record Declared(Set<String> single, Set<String> multiple, boolean any) {

		static Declared of(HandlerMethod method) {
			List<MethodParameter> parameters = Stream.of(method.getMethodParameters())
				.filter((parameter) -> parameter.hasParameterAnnotation(RequestParam.class))
				.toList();
			boolean any = parameters.stream()
				.anyMatch((parameter) -> Map.class.isAssignableFrom(parameter.getParameterType()));
			Set<String> single = parameters.stream()
				.filter((parameter) -> !multiValued(parameter))
				.map(Declared::name)
				.collect(Collectors.toSet());
			Set<String> multiple = parameters.stream()
				.filter(Declared::multiValued)
				.map(Declared::name)
				.collect(Collectors.toSet());
			return new Declared(single, multiple, any);
		}

		List<String> names() {
			return Stream.concat(this.single.stream(), this.multiple.stream()).sorted().toList();
		}

		private static boolean multiValued(MethodParameter parameter) {
			return parameter.getParameterType().isArray()
					|| Collection.class.isAssignableFrom(parameter.getParameterType());
		}

		private static String name(MethodParameter parameter) {
			RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
			String name = (annotation != null) ? annotation.name() : "";
			// The compiler keeps parameter names (-parameters, set by Spring Boot's parent).
			return name.isEmpty() ? parameter.getParameter().getName() : name;
		}

	}

}
