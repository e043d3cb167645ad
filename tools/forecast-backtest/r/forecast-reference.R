# Forecasts the backtest's tasks with R's forecast package, as a reference beside the library.
# Input: a CSV of tasks (id, origin, horizon, frequency, history as space-separated values, NA
# for censored periods). Output: one CSV row per task, method and period ahead with the mean
# and the 80 % and 95 % bounds (NA where the method has no intervals: Croston and SBA), and a
# second CSV with each method's fitting time in seconds.
#
#   Rscript forecast-reference.R tasks.csv forecasts.csv timings.csv [ets,auto.arima,croston,sba]
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
tasks <- read.csv(args[1], stringsAsFactors = FALSE)
methods <- c("ets", "auto.arima", "croston", "sba")
if (length(args) >= 4) methods <- intersect(methods, strsplit(args[4], ",", fixed = TRUE)[[1]])
seconds <- setNames(numeric(length(methods)), methods)
rows <- vector("list", nrow(tasks) * length(methods))
n <- 0

bounds <- function(fc, h) {
  if (is.null(fc$lower)) return(matrix(NA_real_, h, 4))
  b <- cbind(as.numeric(fc$lower[, "80%"]), as.numeric(fc$upper[, "80%"]), as.numeric(fc$lower[, "95%"]), as.numeric(fc$upper[, "95%"]))
  # Demand is never negative: the bounds are floored at zero, as the library floors its own.
  b[] <- pmax(b, 0)
  b
}

for (i in seq_len(nrow(tasks))) {
  task <- tasks[i, ]
  values <- suppressWarnings(as.numeric(strsplit(task$history, " ", fixed = TRUE)[[1]]))
  y <- ts(values, frequency = task$frequency)
  # ets and auto.arima need complete series: censored periods are interpolated, as R users do.
  filled <- if (anyNA(y)) na.interp(y) else y
  observed <- values[!is.na(values)]
  h <- task$horizon
  for (method in methods) {
    started <- proc.time()[["elapsed"]]
    fc <- tryCatch(
      switch(method,
        ets = forecast(ets(filled), h = h, level = c(80, 95)),
        auto.arima = forecast(auto.arima(filled), h = h, level = c(80, 95)),
        croston = croston(observed, h = h),
        sba = { f <- croston(observed, h = h); f$mean <- f$mean * (1 - 0.1 / 2); f }
      ),
      error = function(e) NULL
    )
    seconds[[method]] <- seconds[[method]] + proc.time()[["elapsed"]] - started
    if (is.null(fc)) next
    mean <- pmax(0, as.numeric(fc$mean))
    b <- bounds(fc, h)
    n <- n + 1
    rows[[n]] <- data.frame(id = task$id, origin = task$origin, method = method, ahead = seq_len(h),
                            mean = mean, lo80 = b[, 1], hi80 = b[, 2], lo95 = b[, 3], hi95 = b[, 4])
  }
}
write.csv(do.call(rbind, rows[seq_len(n)]), args[2], row.names = FALSE)
write.csv(data.frame(method = names(seconds), seconds = as.numeric(seconds), tasks = nrow(tasks)), args[3], row.names = FALSE)
