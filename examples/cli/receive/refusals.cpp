#include "refusals.hpp"

#include <string>

#include "service/service_log.hpp"

namespace ashbyknit::cli {

refusal_share::refusal_share(double rate) : random_(std::random_device{}()), refusal_(rate) {}

void refuse_request(const httplib::Request &request, httplib::Response &response, int status,
                    std::string_view problem) {
  log_line(stderr, request.method + " " + request.path + " " + std::to_string(status) + " " + std::string(problem));
  response.status = status;
}

}  // namespace ashbyknit::cli
