/* The charts of the home page's dashboard (templates/reports/dashboard/), drawn with the vendored Chart.js.
   Markup: <canvas data-chart="awards|nominations|quotas|movements" data-source="<id>"> inside a
   [data-chart-box], and the chart's data in <script type="application/json" id="<id>"> (Django's json_script,
   built by reports.dashboard.*_chart). Every text comes translated in that data; no data is written in this
   file, so the page needs no inline script. */
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }
  var Chart = window.Chart;
  var lang = document.documentElement.lang || "vi";

  // Okabe–Ito: colours that stay distinct for the colour-blind and in greyscale print.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"];
  var OTHER = "#A0A4A8";
  var STATE_COLOURS = {
    draft: "#8A939B",
    returned: "#E69F00",
    submitted: "#56B4E9",
    under_review: "#0072B2",
    recommended: "#009E73",
    not_recommended: "#D55E00",
    escalated: "#CC79A7",
    decided: "#1B6E3C",
    rejected: "#A3131B",
    withdrawn: "#343A40"
  };
  var DANGER = "#B02A37";
  var TEXT = "#212529";
  var MUTED = "#6C757D";

  Chart.defaults.locale = lang;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = TEXT;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 14;
  if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    Chart.defaults.animation = false;
  }

  function count(value) {
    return Number(value).toLocaleString(lang);
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, name) {
      return values[name];
    });
  }

  // A vertical line across the chart area at a value of the x axis, with its label at the top:
  // options.plugins.referenceLine = {value, label, color}.
  var referenceLine = {
    id: "referenceLine",
    afterDatasetsDraw: function (chart, _args, options) {
      if (options.value === undefined || options.value === null) {
        return;
      }
      var x = chart.scales.x.getPixelForValue(options.value);
      var area = chart.chartArea;
      if (x < area.left || x > area.right) {
        return;
      }
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = options.color || DANGER;
      ctx.fillStyle = options.color || DANGER;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(x, area.top);
      ctx.lineTo(x, area.bottom);
      ctx.stroke();
      if (options.label) {
        ctx.setLineDash([]);
        ctx.font = "600 12px " + Chart.defaults.font.family;
        ctx.textBaseline = "bottom";
        var width = ctx.measureText(options.label).width;
        ctx.textAlign = x + width / 2 > area.right ? "right" : x - width / 2 < area.left ? "left" : "center";
        ctx.fillText(options.label, x, area.top - 2);
      }
      ctx.restore();
    }
  };

  // The value at the end of each bar of a horizontal chart: options.plugins.barValues = {format(value, index)}.
  var barValues = {
    id: "barValues",
    afterDatasetsDraw: function (chart, _args, options) {
      if (!options.format) {
        return;
      }
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "12px " + Chart.defaults.font.family;
      ctx.fillStyle = TEXT;
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach(function (dataset, datasetIndex) {
        var meta = chart.getDatasetMeta(datasetIndex);
        if (meta.hidden) {
          return;
        }
        meta.data.forEach(function (bar, index) {
          var text = options.format(dataset, index);
          if (text === null || text === undefined || text === "") {
            return;
          }
          var width = ctx.measureText(text).width;
          // A bar cut at the axis' end ends at the chart's edge: its value is written inside it, never beyond.
          var end = Math.min(bar.x, chart.chartArea.right);
          var inside = end + 4 + width > chart.chartArea.right;
          ctx.textAlign = inside ? "right" : "left";
          ctx.fillStyle = inside ? "#FFFFFF" : TEXT;
          ctx.fillText(text, inside ? end - 4 : end + 4, bar.y);
        });
      });
      ctx.restore();
    }
  };

  Chart.register(referenceLine, barValues);

  // Horizontal charts grow with their bars, so that labels never overlap.
  function fitHeight(canvas, bars, perBar, extra) {
    var box = canvas.closest("[data-chart-box]");
    box.style.height = Math.max(220, bars * perBar + extra) + "px";
  }

  // Long names on two lines at most, cut with an ellipsis.
  function wrap(text, width) {
    var words = text.split(/\s+/);
    var lines = [""];
    words.forEach(function (word) {
      var line = lines[lines.length - 1];
      if (line && (line + " " + word).length > width) {
        lines.push(word);
      } else {
        lines[lines.length - 1] = line ? line + " " + word : word;
      }
    });
    if (lines.length > 2) {
      lines = [lines[0], lines[1].slice(0, width - 1) + "…"];
    }
    return lines.map(function (line) {
      return line.length > width ? line.slice(0, width - 1) + "…" : line;
    });
  }

  function labelWidth(canvas) {
    var width = canvas.parentElement.clientWidth;
    return width < 500 ? 20 : width < 900 ? 34 : 56;
  }

  var builders = {};

  builders.awards = function (canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          var colour = series.other ? OTHER : PALETTE[index % PALETTE.length];
          return { label: series.label, title: series.title, data: series.data, backgroundColor: colour };
        })
      },
      options: {
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: data.text.axis }, ticks: { precision: 0 } }
        },
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.title + ": " + count(item.raw);
              },
              footer: function (items) {
                var total = items.reduce(function (sum, item) {
                  return sum + item.raw;
                }, 0);
                return data.text.total + ": " + count(total);
              }
            }
          }
        }
      }
    });
  };

  builders.nominations = function (canvas, data) {
    fitHeight(canvas, data.data.length, 34, 70);
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: data.text.series,
            data: data.data,
            backgroundColor: data.states.map(function (state) {
              return STATE_COLOURS[state] || OTHER;
            })
          }
        ]
      },
      options: {
        indexAxis: "y",
        scales: {
          x: { beginAtZero: true, title: { display: true, text: data.text.axis }, ticks: { precision: 0 } },
          y: { grid: { display: false } }
        },
        plugins: {
          legend: { display: false },
          barValues: {
            format: function (dataset, index) {
              return count(dataset.data[index]);
            }
          }
        }
      }
    });
  };

  builders.quotas = function (canvas, data) {
    // Two bars a unit; thinner rows once there are many units (an administrator's view of the provinces).
    fitHeight(canvas, data.labels.length, data.labels.length > 15 ? 28 : 44, 90);
    // A share over 200% would squeeze the others: the axis stops there, the bar is cut at its end and its value
    // printed in it (barValues), the tooltip and the table tell more.
    var highest = 100;
    data.series.forEach(function (series) {
      series.percent.forEach(function (value) {
        highest = Math.max(highest, value === null ? 200 : value);
      });
    });
    var axisMax = Math.min(200, Math.ceil((highest + 10) / 25) * 25);
    var colours = [PALETTE[0], PALETTE[1]];
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return {
            label: series.label,
            // Something nominated against a cap of nought has no share: drawn as the longest bar.
            data: series.percent.map(function (value) {
              return value === null ? axisMax : Math.min(value, axisMax);
            }),
            figures: series,
            backgroundColor: colours[index]
          };
        })
      },
      options: {
        indexAxis: "y",
        layout: { padding: { top: 18 } },
        scales: {
          x: {
            beginAtZero: true,
            max: axisMax,
            title: { display: true, text: data.text.axis },
            ticks: {
              stepSize: 25,
              maxRotation: 0,
              autoSkip: true,
              callback: function (value) {
                return value + "%";
              }
            }
          },
          y: {
            grid: { display: false },
            ticks: {
              color: function (context) {
                return data.over[context.index] ? DANGER : TEXT;
              },
              callback: function (value, index) {
                return wrap(data.labels[index], labelWidth(canvas));
              }
            }
          }
        },
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom" },
          referenceLine: { value: 100, label: data.text.limit, color: DANGER },
          tooltip: {
            callbacks: {
              label: function (item) {
                var figures = item.dataset.figures;
                var percent = figures.percent[item.dataIndex];
                var text = fill(data.text.figures, {
                  total: count(figures.total[item.dataIndex]),
                  cap: count(figures.cap[item.dataIndex])
                });
                return item.dataset.label + ": " + text + (percent === null ? "" : " (" + count(percent) + "%)");
              }
            }
          },
          barValues: {
            format: function (dataset, index) {
              // Noughts are left unlabelled: a row of "0%" would drown the shares that matter. A share against a cap
              // of nought has no percentage: its figures instead.
              var figures = dataset.figures;
              var percent = figures.percent[index];
              if (percent === null) {
                return figures.total[index] ? fill(data.text.figures, { total: count(figures.total[index]), cap: 0 }) : "";
              }
              return percent ? count(percent) + "%" : "";
            }
          }
        }
      }
    });
  };

  // Dates as fractional years, so that the axis reads in years without a date adapter.
  function yearOf(iso) {
    var parts = iso.split("-").map(Number);
    var start = Date.UTC(parts[0], 0, 1);
    var end = Date.UTC(parts[0] + 1, 0, 1);
    return parts[0] + (Date.UTC(parts[0], parts[1] - 1, parts[2]) - start) / (end - start);
  }

  // Movement names mostly begin with "Phong trào thi đua" and a quoted title; the card's title already says
  // the first, and the quotes cost room.
  function shortName(name) {
    var short = name.replace(/^Phong trào (thi đua )?/i, "").replace(/^[“"]([^”"]*)[”"]/, "$1");
    return short.charAt(0).toLocaleUpperCase(lang) + short.slice(1);
  }

  builders.movements = function (canvas, data) {
    fitHeight(canvas, data.items.length, 46, 90);
    var today = yearOf(data.today);
    var ranges = data.items.map(function (item) {
      return [yearOf(item.start), item.end ? yearOf(item.end) + 1 / 365 : today];
    });
    var low = Math.floor(Math.min.apply(null, ranges.map(function (range) { return range[0]; })));
    var high = Math.ceil(Math.max.apply(null, ranges.map(function (range) { return range[1]; }).concat([today])));
    if (high - today < 0.25) {
      high += 1;
    }
    function only(open) {
      return data.items.map(function (item, index) {
        return Boolean(item.end) === !open ? ranges[index] : null;
      });
    }
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.items.map(function (item) {
          return item.name;
        }),
        datasets: [
          { label: data.text.dated, data: only(false), backgroundColor: PALETTE[2] },
          { label: data.text.open, data: only(true), backgroundColor: PALETTE[4] }
        ]
      },
      options: {
        indexAxis: "y",
        layout: { padding: { top: 18 } },
        grouped: false,
        skipNull: true,
        scales: {
          x: {
            min: low,
            max: high,
            ticks: {
              stepSize: 1,
              maxRotation: 0,
              autoSkip: true,
              // Years, without the thousands separator the locale would add.
              callback: function (value) {
                return Number.isInteger(value) ? String(value) : "";
              }
            }
          },
          y: {
            grid: { display: false },
            ticks: {
              callback: function (value, index) {
                return wrap(shortName(data.items[index].name), labelWidth(canvas));
              }
            }
          }
        },
        plugins: {
          legend: { position: "bottom" },
          referenceLine: { value: today, label: data.text.today, color: MUTED },
          tooltip: {
            callbacks: {
              title: function (items) {
                return data.items[items[0].dataIndex].name;
              },
              label: function (item) {
                var movement = data.items[item.dataIndex];
                return movement.end
                  ? fill(data.text.period, { start: movement.startText, end: movement.endText })
                  : fill(data.text.since, { start: movement.startText });
              }
            }
          }
        }
      }
    });
  };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var build = builders[canvas.dataset.chart];
    var source = document.getElementById(canvas.dataset.source);
    if (build && source) {
      build(canvas, JSON.parse(source.textContent));
    }
  });
})();
