/* api_entry_rank.c - the round-2 list as a CSV download (http stage): GET
 * /api/rank.csv?layer=&area= gives every ranked bureau with data, the columns of
 * `coopmap rank --format csv`, for the section to share or print. */
#include "api_entry.h"

#include "calc.h"
#include "http_layers.h"

#include <math.h>
#include <string.h>

/* A CSV field; a text starting like a formula is quoted as text for spreadsheets. */
static void
csv_str(struct cm_buf *b, const char *s)
{
    int formula = s && s[0] && strchr("=+-@", s[0]) != NULL;

    if (s == NULL)
        return;
    if (!formula && strpbrk(s, ",\"\n\r") == NULL) {
        cm_buf_puts(b, s);
        return;
    }
    cm_buf_puts(b, formula ? "\"'" : "\"");
    for (; *s; s++)
        cm_buf_append(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
    cm_buf_puts(b, "\"");
}

static void
csv_num(struct cm_buf *b, double v)
{
    if (!isnan(v))
        cm_buf_printf(b, "%.17g", v);
}

int
api_entry_rank_csv(struct http_req *rq, const char *rest, struct cm_err *err)
{
    const char *name = http_arg(rq, "layer"), *area = http_arg(rq, "area");
    struct calc_rank rk = {0};
    struct store *st;
    struct cm_buf b;
    char score[160], disp[128];
    size_t rank = 0;
    int rc;

    (void)rest;
    if (name == NULL || !http_layers_find(rq->layers, name))
        return cm_err_set(err, CM_ENOTFOUND, "unknown layer %.64s", name ? name : "");
    if (area && (area[0] == '\0' || strcmp(area, "all") == 0))
        area = NULL;
    if ((rc = http_store(rq, &st, err)) != CM_OK
        || (rc = calc_rank_build(st, name, area, 0, &rk, err)) != CM_OK)
        return rc;
    cm_buf_init(&b);
    calc_rank_score_field(&rk, score, sizeof score);
    cm_buf_printf(&b, "rank,code,label,commune,circo,%s,registered,expected_voters,doors,category\n",
                  score);
    for (size_t i = 0; i < rk.n; i++) {
        const struct calc_rank_row *w = &rk.rows[i];
        if (isnan(w->score))
            continue; /* no data: not a target */
        cm_buf_printf(&b, "%zu,%s,", ++rank, w->code);
        csv_str(&b, w->label), cm_buf_puts(&b, ","), csv_str(&b, w->commune), cm_buf_puts(&b, ",");
        csv_str(&b, w->circo), cm_buf_puts(&b, ","), csv_num(&b, w->score), cm_buf_puts(&b, ",");
        csv_num(&b, w->registered), cm_buf_puts(&b, ","), csv_num(&b, w->voters);
        cm_buf_puts(&b, ","), csv_num(&b, w->doors), cm_buf_puts(&b, ",");
        csv_str(&b, w->category), cm_buf_puts(&b, "\n");
    }
    snprintf(disp, sizeof disp, "attachment; filename=\"%s-%s.csv\"", rk.layer->name,
             area ? area : "tout");
    calc_rank_cleanup(&rk);
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
    size_t len = b.len;
    cm_buf_cleanup(&b);
    if (r == NULL)
        return CM_ENOMEM;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/csv; charset=utf-8");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    return http_queue(rq, MHD_HTTP_OK, r, len);
}
